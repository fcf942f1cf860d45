import { describe, expect, it } from 'vitest';
import { mutedLine, subscriptionsMessage } from '../../../src/features/notifications/subscriptions-message.js';
import type { Subscription } from '../../../src/features/notifications/subscription.js';

const base: Subscription = { teamId: 'T1', channelId: 'C1', pipeline: 'web', events: ['failed'], mention: true, createdBy: 'U0JANE', createdAt: '2026-12-01T00:00:00.000Z' };
const textOf = (m: { text?: string; blocks?: unknown[] }) => JSON.stringify(m);

describe('the subscriptions list', () => {
  it('shows every option as typed, a mention group as Slack draws it, and a mute only while it lasts', () => {
    const now = new Date('2026-12-02T10:00:00.000Z');
    const full: Subscription = { ...base, author: 'U0BOB', bots: false, steps: 'test*', pullRequests: false, mentionGroup: 'S0123', escalateAfterMinutes: 90, muted: { by: 'U0BOB', at: now.toISOString(), until: '2026-12-02T12:00:00.000Z' } };
    const shown = textOf(subscriptionsMessage([full], now));
    for (const part of ['author <@U0BOB>', 'no bots', 'steps `test*`', 'no pull requests', 'mentions <!subteam^S0123>', 'escalates after 1h 30m', ':mute: muted until <!date^']) expect(shown).toContain(part);
    expect(textOf(subscriptionsMessage([{ ...full, mentionGroup: '@oncall', author: 'jane@acme.test' }], now))).toContain('mentions @oncall');
    expect(textOf(subscriptionsMessage([full], new Date('2026-12-02T12:00:00.000Z')))).not.toContain('muted');
    expect(textOf(subscriptionsMessage([{ ...base, muted: { by: 'U0BOB', at: now.toISOString() } }], now))).toContain('muted until unmuted');
    const plain = textOf(subscriptionsMessage([base], now));
    for (const part of ['author', 'no bots', 'steps', 'pull requests', 'escalates', 'muted']) expect(plain).not.toContain(part);
  });

  it('says a mute in the channel, with its end or until unmute', () => {
    expect(textOf(mutedLine({ ...base, muted: { by: 'U0BOB', at: '2026-12-02T10:00:00.000Z' } }, 'U0BOB'))).toContain('until `/buildkite unmute`');
  });
});
