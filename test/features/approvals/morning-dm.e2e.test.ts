import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURES } from '../../../src/features/index.js';
import { approvalsFeature } from '../../../src/features/approvals/feature.js';
import { WebClient } from '@slack/web-api';
import { sendMorningDms } from '../../../src/features/approvals/morning-dm.js';
import { BOT_TOKEN, type Harness, startHarness, textOf } from '../../harness/harness.js';
import type { Store } from '../../../src/store/store.js';
import { ask } from '../../harness/interactions.js';

/** A fixed-offset zone in which it is now between 09:00 and 10:00 (Etc/GMT-N is UTC+N). */
function zoneWhereItIsNine(now: Date): string {
  let offset = 9 - now.getUTCHours();
  if (offset < -12) offset += 24;
  if (offset > 14) offset -= 24;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

describe('the "waiting on you" morning DM (`notify me digest:on`)', () => {
  let h: Harness;
  const people: Record<string, string> = {};
  const mornings = (user: string) => h.slack.dmsTo(user).filter((m) => textOf(m).includes('waiting on you'));
  const settle = () => new Promise((r) => setTimeout(r, 600));
  const build = (creator: string, pipeline: string, state: 'blocked' | 'failed' | 'passed', message: string, branch = 'main') =>
    h.org.addBuild({
      pipeline, state, branch, commit: 'b'.repeat(40), message, creator, startedAt: new Date(Date.now() - 30 * 60_000), ...(state === 'blocked' ? {} : { finishedAt: new Date(Date.now() - 20 * 60_000) }),
      jobs: state === 'blocked' ? [{ name: 'make', state: 'passed' }, { type: 'manual', label: 'Ship?', state: 'blocked' }] : [{ name: 'make', state, ...(state === 'failed' ? { exitStatus: 1 } : {}) }],
    });

  beforeAll(async () => {
    h = await startHarness({ pollSeconds: 0, features: FEATURES.map((f) => (f.name === 'approvals' ? approvalsFeature({ reminderCheckMs: 60_000, morningCheckMs: 100 }) : f)) });
    const nine = zoneWhereItIsNine(new Date());
    for (const [id, name] of [['U0JANE', 'Jane Doe'], ['U0BOB', 'Bob Stone'], ['U0CAROL', 'Carol Diaz']] as const) {
      people[id] = h.connect(id, name).buildkiteUserId;
      h.slack.addUser(id, { name: name.toLowerCase().replace(' ', '.'), real_name: name, email: `${name.toLowerCase().replace(' ', '.')}@acme.test`, tz: nine });
    }
    for (const slug of ['web', 'deploy']) h.org.addPipeline({ slug, name: slug, defaultBranch: 'main' });
  });
  afterAll(async () => h.stop());

  it('sent once on the person’s morning, with their blocked and red builds and what they were asked to approve; not to one who did not turn it on, nor when nothing waits', async () => {
    const jane = people.U0JANE!;
    const bob = people.U0BOB!;
    // Jane's: a blocked deploy, web main red (its newest), web feature green again after red, a passed build.
    const blocked = build(jane, 'deploy', 'blocked', 'Ship 1.2');
    build(jane, 'web', 'failed', 'Old red on main');
    const red = build(jane, 'web', 'failed', 'Red on main');
    build(jane, 'web', 'failed', 'Red feature', 'feature/x');
    const fixed = build(jane, 'web', 'passed', 'Green feature', 'feature/x');
    // Bob's blocked build Jane was asked to approve, and Bob's own red build (Bob did not turn the DM on).
    const asked = build(bob, 'deploy', 'blocked', 'Bob ships');
    const bobsRed = build(bob, 'web', 'failed', 'Bob breaks it', 'bob/x');
    await h.deps.store.saveApprovalRequest({ teamId: h.slack.teamId, channelId: 'C0BUILDS', ts: '1.000001', buildId: asked.id, pipeline: 'deploy', number: asked.number, readAs: 'U0BOB', asked: ['U0JANE'], remindersSent: 0, createdAt: new Date().toISOString() });

    expect(textOf(await ask(h, 'U0JANE', 'notify me digest:on'))).toContain('Each morning (09:00');
    expect(textOf(await ask(h, 'U0BOB', 'notify me'))).not.toContain('Each morning');
    expect(textOf(await ask(h, 'U0CAROL', 'notify me digest:on'))).toContain('Each morning');
    expect(textOf(await ask(h, 'U0JANE', 'notify me digest:sometimes'))).toContain('`digest:` is `on`');

    // Two more replicas on the same store send at the same moment as the job: one DM.
    const replica = new WebClient(BOT_TOKEN, { slackApiUrl: h.slack.url, retryConfig: { retries: 0 } });
    await Promise.all([sendMorningDms(h.deps, replica), sendMorningDms(h.deps, replica)]);
    const dm = await h.slack.waitFor(() => mornings('U0JANE')[0], 10_000, 'Jane’s morning DM');
    const text = textOf(dm);
    expect(text).toContain(`/deploy/builds/${blocked.number}`);
    expect(text).toContain(`/web/builds/${red.number}`);
    expect(text).toContain(`/deploy/builds/${asked.number}`);
    expect(text).toContain('Asked to approve');
    expect(text).not.toContain('Old red on main');
    expect(text).not.toContain('Red feature');
    expect(text).not.toContain(`/web/builds/${fixed.number}`);
    expect(text).not.toContain(`/web/builds/${bobsRed.number}`);
    // Read as Jane, with her own authorization.
    expect(h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_list_builds' && c.input.creator === jane).every((c) => c.identifier === 'U0JANE')).toBe(true);

    // Many rounds later the same morning: still one. Bob (off) and Carol (nothing waits) get none.
    await settle();
    expect(mornings('U0JANE')).toHaveLength(1);
    expect(mornings('U0BOB')).toHaveLength(0);
    expect(mornings('U0CAROL')).toHaveLength(0);

    // The next morning: one more.
    h.advanceClock(24 * 60 * 60_000);
    await h.slack.waitFor(() => mornings('U0JANE').length === 2, 10_000, 'the next morning’s DM');
    await settle();
    expect(mornings('U0JANE')).toHaveLength(2);

    // Turned off: no more.
    await ask(h, 'U0JANE', 'notify me digest:off');
    h.advanceClock(24 * 60 * 60_000);
    await settle();
    expect(mornings('U0JANE')).toHaveLength(2);
  });

  it('a store error for one person ends neither the round nor the others’ turn', async () => {
    await ask(h, 'U0BOB', 'notify me digest:on');
    h.advanceClock(24 * 60 * 60_000);
    // The store refuses the first person's claim; the round goes on to the next.
    const tried: string[] = [];
    const store = new Proxy(h.deps.store, {
      get(target, prop) {
        if (prop === 'claim') {
          return async (key: string, ms: number) => {
            if (!key.startsWith('morning-dm|')) return target.claim(key, ms);
            tried.push(key);
            if (tried.length === 1) throw new Error('connection terminated');
            return target.claim(key, ms);
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as Store;
    const replica = new WebClient(BOT_TOKEN, { slackApiUrl: h.slack.url, retryConfig: { retries: 0 } });
    await expect(sendMorningDms({ ...h.deps, store }, replica)).resolves.toBe(2);
    expect(tried.map((k) => k.split('|')[2]).sort()).toEqual(['U0BOB', 'U0CAROL']);
  });
});
