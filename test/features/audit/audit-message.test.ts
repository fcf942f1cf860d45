import { describe, expect, it } from 'vitest';
import { VALID_ENV } from '../../harness/config-fixture.js';
import { parseConfig } from '../../../src/config.js';
import { auditLine, auditMessage } from '../../../src/features/audit/audit-message.js';
import { Forbidden, Unavailable } from '../../../src/scalekit/errors.js';
import { auditReason, redactInput } from '../../../src/buildkite/audit-log.js';
import { InFlight } from '../../../src/slack/in-flight.js';
import type { AuditEntry } from '../../../src/store/audit-log.js';

const valid = VALID_ENV;

describe('audit input redaction', () => {
  it('drops secret-sounding keys at any depth and masks secret-looking values', () => {
    const input = {
      pipeline_slug: 'web',
      step_key: 'release',
      api_token: 'x',
      fields: { 'release-name': 'AWS_SECRET_ACCESS_KEY=abcdef123456', 'db-password': 'hunter2', 'API-Key': 'k', region: 'eu', note: 'Bearer abcdefghijklmnopqrstuvwxyz' },
      env: ['GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123', 'A=1'],
    };
    expect(redactInput(input)).toEqual({
      pipeline_slug: 'web',
      step_key: 'release',
      fields: { 'release-name': 'AWS_SECRET_ACCESS_KEY=••••••', region: 'eu', note: 'Bearer ••••••' },
      env: ['GITHUB_TOKEN=••••••', 'A=1'],
    });
  });
  it('reads create_build environment and metadata as the maps they are: secret-named variables are dropped', () => {
    const environment = [{ key: 'DEPLOY_TOKEN', value: 'abc123' }, { key: 'REGION', value: 'eu' }, { key: 'NOTE', value: 'password=hunter2' }];
    expect(redactInput({ pipeline_slug: 'web', environment })).toEqual({ pipeline_slug: 'web', environment: { REGION: 'eu', NOTE: 'password=••••••' } });
  });
  it('cuts long text', () => {
    expect((redactInput({ message: 'x'.repeat(2000) }).message as string).length).toBe(500);
  });
  it('gives a failure reason with its kind, and warns that a timeout may have acted', () => {
    expect(auditReason(new Forbidden('needs write_builds'))).toBe('forbidden: needs write_builds');
    expect(auditReason(new Unavailable('timeout'))).toContain('may still have acted');
    expect(auditReason(new Error('password=hunter2'))).toBe('password=••••••');
  });
});

describe('audit renderer', () => {
  const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
    id: '1',
    teamId: 'T1',
    userId: 'U0JANE',
    channelId: 'C1',
    tool: 'retry_job',
    input: { pipeline_slug: 'web', job_id: '<!channel> `x`' },
    at: new Date('2026-11-24T10:00:00Z'),
    outcome: 'succeeded',
    executionId: 'exec-1',
    ...over,
  });
  it('says what was done in words, with names where they were read and ids otherwise, and the tool as a detail', () => {
    const names = { clusters: new Map([['c-1', 'Linux']]), queues: new Map([['q-1', 'default']]), jobs: new Map([['j-1', ':rspec: Tests']]) };
    expect(auditLine(entry({ input: { pipeline_slug: 'web', build_number: '141', job_id: 'j-1' } }), names)).toContain('retried *:rspec: Tests* of *web #141* · `retry_job`');
    expect(auditLine(entry({ tool: 'pause_cluster_queue_dispatch', input: { cluster_id: 'c-1', queue_id: 'q-1' } }), names)).toContain('paused `default` in *Linux*');
    expect(auditLine(entry({ tool: 'pause_cluster_queue_dispatch', input: { cluster_id: 'c-9', queue_id: 'q-9' } }), names)).toContain('paused `q-9` in *c-9*');
    expect(auditLine(entry({ tool: 'create_build', input: { pipeline_slug: 'web', branch: 'main' } }), names)).toContain('started a build of *web* on `main`');
  });
  it('shows who, the tool with its input, the outcome and the execution id, escaped', () => {
    const line = auditLine(entry());
    expect(line).toContain('<@U0JANE>');
    expect(line).toContain('`retry_job`');
    expect(line).toContain('&lt;!channel&gt;');
    expect(line).not.toContain('<!channel>');
    expect(line).toContain('succeeded');
    expect(line).toContain('execution `exec-1`');
    expect(line).toContain('<!date^1795514400^');
  });
  it('shows failures with their reason and started actions as such; odd user ids are not mentions', () => {
    expect(auditLine(entry({ outcome: 'failed', reason: 'invalid: <b>&' }))).toContain('failed: invalid: &lt;b&gt;&amp;');
    expect(auditLine(entry({ outcome: 'started', executionId: undefined }))).toContain('started (no outcome recorded)');
    expect(auditLine(entry({ userId: '<!here>' }))).not.toContain('<!here>');
  });
  it('stays within Block Kit limits for 50 long entries, and says when there is nothing', () => {
    const many = Array.from({ length: 50 }, (_, i) => entry({ id: String(i), input: { message: 'y'.repeat(500) }, reason: 'z'.repeat(500), outcome: 'failed' }));
    const message = auditMessage(many, 50);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks) expect(JSON.stringify(block).length).toBeLessThan(3200);
    expect(JSON.stringify(message.blocks).match(/retry_job/g)).toHaveLength(50);
    expect(auditMessage([], 10).text).toContain('No actions');
  });
});

describe('store configuration', () => {
  it('defaults to SQLite at ./data/bot.db with 90 days of audit', () => {
    const c = parseConfig(valid);
    expect(c.store).toEqual({ kind: 'sqlite', path: './data/bot.db' });
    expect(c.audit.retentionDays).toBe(90);
  });
  it('reads PostgreSQL and SQLite URLs and the retention', () => {
    expect(parseConfig({ ...valid, DATABASE_URL: 'postgres://u:p@db:5432/bot' }).store).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/bot' });
    expect(parseConfig({ ...valid, DATABASE_URL: 'postgresql://db/bot' }).store.kind).toBe('postgres');
    expect(parseConfig({ ...valid, DATABASE_URL: 'sqlite:/var/lib/bot/bot.db' }).store).toEqual({ kind: 'sqlite', path: '/var/lib/bot/bot.db' });
    expect(parseConfig({ ...valid, AUDIT_RETENTION_DAYS: '7' }).audit.retentionDays).toBe(7);
  });
  it('refuses other URLs and a retention below one day', () => {
    expect(() => parseConfig({ ...valid, DATABASE_URL: 'mysql://db/bot' })).toThrow(/DATABASE_URL must be postgres/);
    expect(() => parseConfig({ ...valid, AUDIT_RETENTION_DAYS: '0' })).toThrow(/AUDIT_RETENTION_DAYS/);
  });
});

describe('InFlight', () => {
  it('drains work that is still running, bounded by a timeout', async () => {
    const inFlight = new InFlight();
    let finish!: () => void;
    const work = new Promise<void>((r) => (finish = r));
    const running = inFlight.middleware({ next: () => work } as never);
    expect(inFlight.size).toBe(1);
    expect(await inFlight.drain(20)).toBe(false);
    setTimeout(finish, 10);
    expect(await inFlight.drain(1000)).toBe(true);
    await running;
    expect(inFlight.size).toBe(0);
  });
});

describe('audit retention', () => {
  it('prunes entries older than the retention period at start-up', async () => {
    const { MemoryStore } = await import('../../../src/store/memory.js');
    const { startRetention } = await import('../../../src/features/audit/retention.js');
    const store = new MemoryStore();
    const base = { teamId: 'T1', userId: 'U0JANE', channelId: 'C1', tool: 'retry_job', input: {} };
    await store.auditStarted({ ...base, at: new Date('2026-01-01T00:00:00Z') });
    await store.auditStarted({ ...base, at: new Date('2026-11-20T00:00:00Z') });
    const logger = { info: () => undefined, warn: () => undefined } as never;
    const retention = startRetention(store, 30, logger, () => new Date('2026-11-24T00:00:00Z'));
    await retention.done;
    retention.stop();
    expect((await store.latestAudit('T1', 'C1', 10)).map((e) => e.at.toISOString())).toEqual(['2026-11-20T00:00:00.000Z']);
  });
});
