import { describe, expect, it } from 'vitest';

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
