import { describe, expect, it } from 'vitest';
import { applyPolicyChange, approversOf, firstReminderAt, mayUnblock, parsePolicyOptions, policyInWords } from '../../../src/features/approvals/approval-policy.js';
import { approversLine, reminderLine, selfApprovalRefused } from '../../../src/features/approvals/approval-messages.js';
import { blockAllowedTeams } from '../../../src/buildkite/block-fields.js';

describe('approval policy (pure)', () => {
  it('reads approvers as Slack sends them, approvals:no-self and remind:; explains what it cannot read', () => {
    expect(parsePolicyOptions({ approvers: '<@U0BOB|bob>,<!subteam^S0REL|@release>,<@U0BOB>', approvals: 'no-self', remind: '4h' })).toEqual({
      ok: true,
      change: { users: ['U0BOB'], groups: [{ id: 'S0REL', handle: 'release' }], noSelf: true, remindAfterMinutes: 240 },
    });
    expect(parsePolicyOptions({})).toEqual({ ok: true });
    expect(parsePolicyOptions({ approvers: '@bob' })).toMatchObject({ ok: false, problem: expect.stringContaining('mentioned so Slack sends who they are') });
    expect(parsePolicyOptions({ approvals: 'sometimes' })).toMatchObject({ ok: false });
    expect(parsePolicyOptions({ remind: 'soon' })).toMatchObject({ ok: false });
  });

  it('applies a change onto the current policy; one that leaves nothing is no policy', () => {
    const policy = applyPolicyChange(undefined, { users: ['U0BOB'], remindAfterMinutes: 60 })!;
    expect(policy).toEqual({ users: ['U0BOB'], groups: [], noSelf: false, remindAfterMinutes: 60 });
    expect(applyPolicyChange(policy, { noSelf: true })).toEqual({ ...policy, noSelf: true });
    expect(applyPolicyChange(policy, { remindAfterMinutes: undefined })).toEqual({ users: ['U0BOB'], groups: [], noSelf: false });
    expect(applyPolicyChange(policy, { users: [], groups: [], remindAfterMinutes: undefined })).toBeUndefined();
  });

  it('no-self refuses only the build’s creator, and only under that policy', () => {
    const noSelf = { users: [], groups: [], noSelf: true };
    expect(mayUnblock(noSelf, { creatorId: 'bk-jane', clickerId: 'bk-jane' })).toEqual({ ok: false, reason: 'self' });
    expect(mayUnblock(noSelf, { creatorId: 'bk-jane', clickerId: 'bk-bob' })).toEqual({ ok: true });
    expect(mayUnblock(noSelf, { creatorId: undefined, clickerId: 'bk-bob' })).toEqual({ ok: true });
    expect(mayUnblock({ ...noSelf, noSelf: false }, { creatorId: 'bk-jane', clickerId: 'bk-jane' })).toEqual({ ok: true });
    expect(mayUnblock(undefined, { creatorId: 'bk-jane', clickerId: 'bk-jane' })).toEqual({ ok: true });
    expect(selfApprovalRefused('deploy', 7).text).toContain("the bot's rule, not Buildkite's");
  });

  it('who may approve: the step’s allowed_teams first, else the channel’s approvers; groups never pinged on the card', () => {
    const policy = { users: ['U0BOB'], groups: [{ id: 'S0REL', handle: 'release' }], noSelf: false };
    expect(approversOf(policy, ['deployers'])).toEqual({ kind: 'teams', teams: ['deployers'] });
    expect(approversOf(policy, undefined)).toEqual({ kind: 'people', users: ['U0BOB'], groups: policy.groups });
    expect(approversOf({ ...policy, users: [], groups: [] }, undefined)).toBeUndefined();
    expect(approversLine({ kind: 'teams', teams: ['deployers', 'sre'] })).toBe(':busts_in_silhouette: Who may approve: Buildkite teams `deployers`, `sre`');
    expect(approversLine(approversOf(policy, undefined)!)).toBe(':busts_in_silhouette: Who may approve: `@release`, <@U0BOB>');
    expect(policyInWords(policy)).not.toContain('<!subteam');
    // The reminder is when the group is asked: it is pinged there.
    expect(reminderLine('deploy', 7, 250, ['U0BOB'], ['S0REL'])).toContain('<!subteam^S0REL>, <@U0BOB>');
  });

  it('reads allowed_teams from the step in the pipeline’s YAML (one team or a list)', () => {
    const yaml = 'steps:\n  - block: Ship?\n    key: ship\n    allowed_teams: [deployers, sre]\n  - block: Other\n    allowed_teams: ops\n  - block: Free\n';
    expect(blockAllowedTeams(yaml, { step_key: 'ship' })).toEqual(['deployers', 'sre']);
    expect(blockAllowedTeams(yaml, { label: 'Other' })).toEqual(['ops']);
    expect(blockAllowedTeams(yaml, { label: 'Free' })).toBeUndefined();
    expect(blockAllowedTeams(undefined, { label: 'Free' })).toBeUndefined();
  });

  it('the first reminder is the interval after the build was seen blocked', () => {
    const since = new Date('2026-12-02T08:00:00Z');
    expect(firstReminderAt({ users: [], groups: [], noSelf: false, remindAfterMinutes: 240 }, since)?.toISOString()).toBe('2026-12-02T12:00:00.000Z');
    expect(firstReminderAt({ users: [], groups: [], noSelf: false }, since)).toBeUndefined();
  });
});
