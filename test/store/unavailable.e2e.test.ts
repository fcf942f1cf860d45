import { describe, expect, it } from 'vitest';
import { postSigned } from '../../src/sandbox/signing.js';
import { sqliteWithOutage } from './outage.js';
import { CHANNEL, SIGNING_SECRET, textOf } from '../harness/harness.js';
import { failedCard, withHarness } from '../harness/interactions.js';

describe('faults on the store side', () => {
  it('the database is down during a click: the clicker is told privately it was not recorded, nothing reaches Buildkite, and a click after it comes back works', async () => {
    const outage = await sqliteWithOutage();
    try {
      await withHarness(async (h) => {
        const { card, retryClick } = await failedCard(h);
        // The card is saved just after it is posted: let that finish before the database goes.
        await new Promise((r) => setTimeout(r, 300));
        outage.goDown();
        const ack = await postSigned(h.eventsUrl, SIGNING_SECRET, retryClick());
        expect(ack.status).toBe(200);
        const told = await h.slack.waitFor(() => h.slack.responseUrlPosts().find((p) => textOf(p.body).includes("Couldn't record this")), 10_000, 'the private note');
        expect(told.body.response_type).toBe('ephemeral');
        expect(textOf(told.body)).not.toMatch(/at \w+ \(|Error:|database connection/);
        expect(h.org.calls.filter((c) => c.tool === 'retry_job')).toHaveLength(0);
        expect(h.slack.messages(CHANNEL).find((m) => m.ts === card.ts)?.blocks).toEqual(card.blocks);
        expect(h.logger.lines.some((l) => l.startsWith('error') && l.includes('not done: the store could not') && l.includes('The database connection is not open'))).toBe(true);

        outage.comeBack();
        await postSigned(h.eventsUrl, SIGNING_SECRET, retryClick());
        await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => m.ts === card.ts && textOf(m).includes('retried by')), 10_000, 'the retried card');
        expect(h.org.calls.filter((c) => c.tool === 'retry_job')).toHaveLength(1);
      }, { store: outage.store });
    } finally {
      await outage.dispose();
    }
  }, 30_000);
});
