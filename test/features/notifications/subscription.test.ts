import { describe, expect, it } from 'vitest';
import { branchMatches, coversBranch, DEFAULT_EVENTS, parseSubscribeArgs } from '../../../src/features/notifications/subscription.js';
import { parseArgs } from '../../../src/slack/command-args.js';
import { ConfirmSubscribeButton } from '../../../src/features/notifications/buttons.js';

describe('subscriptions', () => {
  it('parses pipeline, branch pattern, events and mentions, with defaults', () => {
    expect(parseSubscribeArgs(parseArgs('Web'))).toEqual({ ok: true, value: { pipeline: 'web', events: DEFAULT_EVENTS, mention: true } });
    expect(parseSubscribeArgs(parseArgs('web branch:release/* on:passed,failed mention:off'))).toEqual({ ok: true, value: { pipeline: 'web', branch: 'release/*', events: ['failed', 'passed'], mention: false } });
    expect(parseSubscribeArgs(parseArgs('web on:exploded'))).toMatchObject({ ok: false, problem: expect.stringContaining('not exploded') });
    expect(parseSubscribeArgs(parseArgs('web two'))).toMatchObject({ ok: false });
    expect(parseSubscribeArgs(parseArgs('web colour:red'))).toMatchObject({ ok: false, problem: expect.stringContaining('colour') });
  });
  it('parses an approval policy of its own (approvers:, approvals:no-self, remind:), which a private pipeline’s confirmation carries', () => {
    const parsed = parseSubscribeArgs(parseArgs('deploy approvers:<@U0BOB|bob> approvals:no-self remind:2h'));
    expect(parsed).toEqual({ ok: true, value: { pipeline: 'deploy', events: DEFAULT_EVENTS, mention: true, approvals: { users: ['U0BOB'], groups: [], noSelf: true, remindAfterMinutes: 120 } } });
    const request = parsed.ok ? parsed.value : undefined;
    expect(ConfirmSubscribeButton.decode(ConfirmSubscribeButton.encode(request!))).toEqual(request);
    expect(parseSubscribeArgs(parseArgs('deploy approvers:bob'))).toMatchObject({ ok: false, problem: expect.stringContaining('approvers:') });
  });
  it('parses the filters, mention groups and escalation', () => {
    expect(parseSubscribeArgs(parseArgs('web author:@me bots:off steps:test* pr:off escalate:30m'), 'U0JANE')).toEqual({
      ok: true,
      value: { pipeline: 'web', events: DEFAULT_EVENTS, mention: true, author: 'U0JANE', bots: false, steps: 'test*', pullRequests: false, escalateAfterMinutes: 30 },
    });
    expect(parseSubscribeArgs(parseArgs('web author:&lt;@U0BOB|bob&gt;'))).toMatchObject({ ok: true, value: { author: 'U0BOB' } });
    expect(parseSubscribeArgs(parseArgs('web author:Bob@Example.com'))).toMatchObject({ ok: true, value: { author: 'bob@example.com' } });
    expect(parseSubscribeArgs(parseArgs('web author:@Bob.Stone'))).toMatchObject({ ok: true, value: { author: '@bob.stone' } });
    expect(parseSubscribeArgs(parseArgs('web author:bob'))).toMatchObject({ ok: false, problem: expect.stringContaining('author:') });
    expect(parseSubscribeArgs(parseArgs('web mention:<!subteam^S0123|@oncall>'))).toMatchObject({ ok: true, value: { mention: true, mentionGroup: 'S0123' } });
    expect(parseSubscribeArgs(parseArgs('web mention:@oncall'))).toMatchObject({ ok: true, value: { mentionGroup: '@oncall' } });
    expect(parseSubscribeArgs(parseArgs('web on:failing'))).toMatchObject({ ok: true, value: { events: ['failing'] } });
    expect(parseSubscribeArgs(parseArgs('web bots:maybe'))).toMatchObject({ ok: false, problem: expect.stringContaining('bots:') });
    expect(parseSubscribeArgs(parseArgs('web pr:yes'))).toMatchObject({ ok: false });
    expect(parseSubscribeArgs(parseArgs('web escalate:soon'))).toMatchObject({ ok: false, problem: expect.stringContaining('escalate:') });
    expect(parseSubscribeArgs(parseArgs('web steps:'))).toMatchObject({ ok: false });
  });
  it('matches branches by pattern, or the pipeline’s default branch when none is given', () => {
    expect(branchMatches('*', 'anything/at/all')).toBe(true);
    expect(branchMatches('release/*', 'release/2026.11')).toBe(true);
    expect(branchMatches('release/*', 'main')).toBe(false);
    expect(branchMatches('v1.2', 'v1x2')).toBe(false);
    expect(coversBranch({}, 'trunk', 'trunk')).toBe(true);
    expect(coversBranch({}, 'main', 'trunk')).toBe(false);
    expect(coversBranch({ branch: 'main' }, undefined, 'main')).toBe(false);
  });
});
