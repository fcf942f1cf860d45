import { describe, expect, it } from 'vitest';
import { auditLine, auditMessage } from '../../../src/features/audit/audit-message.js';
import type { AuditEntry } from '../../../src/store/audit-log.js';

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
