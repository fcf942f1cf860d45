import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { Metrics } from '../../../src/observability/metrics.js';
import type { Message } from '../../../src/render/message.js';
import { CardEditor } from '../../../src/slack/cards/card-editor.js';
import { redrawCard } from '../../../src/slack/cards/card-redraw.js';
import { RateBudget } from '../../../src/slack/rate-budget.js';
import { CapturingLogger } from '../../harness/harness.js';

const card = (text: string): Message => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
const place = { channelId: 'C1', ts: '1.0' };
const client = {} as WebClient;

function setup() {
  const logger = new CapturingLogger();
  return { deps: { cards: new CardEditor(), edits: new RateBudget(6_000, 100), logger, metrics: new Metrics() }, logger };
}

async function redraws(metrics: Metrics): Promise<number> {
  const counter = await metrics.registry.getSingleMetric('buildkite_bot_card_edits_total')?.get();
  return counter?.values.find((v) => v.labels.source === 'redraw')?.value ?? 0;
}

describe('redrawCard', () => {
  it('sends the new card through its session, and ends the session', async () => {
    const { deps } = setup();
    const sent: string[] = [];
    const done = await redrawCard(deps, client, place, card('passed'), { send: async (m) => void sent.push(m.text) });
    expect(done).toBe(true);
    expect(sent).toEqual(['passed']);
    expect(deps.cards.openCards).toBe(0);
    expect(await redraws(deps.metrics)).toBe(1);
  });

  it('does not send a card whose read was overtaken before its turn', async () => {
    const { deps } = setup();
    const sent: string[] = [];
    const done = await redrawCard(deps, client, place, card('running'), { stillCurrent: async () => false, send: async (m) => void sent.push(m.text) });
    expect(done).toBe(false);
    expect(sent).toEqual([]);
    expect(await redraws(deps.metrics)).toBe(0);
  });

  it('logs a failed redraw once, in the one wording, and ends the session', async () => {
    const { deps, logger } = setup();
    const done = await redrawCard(deps, client, place, card('failed'), {
      what: "web #12's card",
      send: async () => {
        throw new Error('message_not_found');
      },
    });
    expect(done).toBe(false);
    expect(logger.lines.filter((l) => l.startsWith('warn'))).toEqual(["warn redrawing web #12's card failed: message_not_found"]);
    expect(deps.cards.openCards).toBe(0);
  });
});
