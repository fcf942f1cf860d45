import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, type Harness, startHarness, textOf } from '../../harness/harness.js';
import { ask, buttons, clickOnMessage, findButton } from '../../harness/interactions.js';

describe('job states in words, and Retry all failed', () => {
  let h: Harness;
  let janeBk: string;
  const cardOf = async (number: number) => {
    const cards = () => h.slack.messages(CHANNEL).filter((m) => textOf(m).includes(`/builds/${number}`) && !m.thread_ts);
    const before = cards().length;
    await h.slash('U0JANE', `build web ${number}`);
    return h.slack.waitFor(() => cards()[before], 10_000, 'the card');
  };

  beforeAll(async () => {
    h = await startHarness();
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.connect('U0BOB', 'Bob Stone');
    h.org.addPipeline({ slug: 'web', name: 'Web', defaultBranch: 'main' });
  });
  afterAll(async () => h.stop());

  it('waiting, scheduled, assigned and accepted jobs are shown as waiting, never as running; broken and soft-failed jobs say so and offer no wrong Retry', async () => {
    const build = h.org.addBuild({
      pipeline: 'web', state: 'failing', branch: 'main', commit: 'a'.repeat(40), message: 'Mixed', creator: janeBk, startedAt: new Date(Date.now() - 60_000),
      jobs: [
        { name: 'Compiling', state: 'running' },
        { name: 'Queued tests', state: 'scheduled' },
        { name: 'Assigned lint', state: 'assigned' },
        { name: 'After deploy', state: 'waiting' },
        { name: 'Never ran', state: 'broken' },
        { name: 'Flaky but allowed', state: 'failed', exitStatus: 1, softFailed: true },
      ],
    });
    const card = await cardOf(build.number);
    const text = textOf(card);
    expect(text).toMatch(/1 running: Compiling(?!,)/);
    expect(text).toContain('3 waiting: Queued tests, Assigned lint, After deploy');
    expect(text).toContain('broken (did not run)');
    expect(text).toContain('soft failed');
    const retries = buttons(card).filter((b) => b.action_id.startsWith('retry_job:'));
    expect(retries).toHaveLength(1);
    expect(buttons(card).find((b) => b.action_id === 'retry_all_failed')).toBeUndefined();
    // Test Engine has no run of this build (asked in the same round as the logs): no Failed tests button.
    expect(buttons(card).find((b) => b.action_id === 'failed_tests')).toBeUndefined();
  });

  it('Retry all failed retries each failed job once, as the clicker, under a double click and a second person’s click, and says what happened in one line', async () => {
    const build = h.org.addBuild({
      pipeline: 'web', state: 'failed', branch: 'main', commit: 'b'.repeat(40), message: 'Three shards fail', creator: janeBk, startedAt: new Date(Date.now() - 60_000), finishedAt: new Date(),
      jobs: [{ name: 'shard 1', state: 'failed', exitStatus: 1 }, { name: 'shard 2', state: 'timed_out' }, { name: 'shard 3', state: 'failed', exitStatus: 2 }, { name: 'lint', state: 'passed' }],
    });
    const card = await cardOf(build.number);
    const retryAll = findButton(card, 'retry_all_failed');
    expect((retryAll as { confirm?: unknown }).confirm).toBeDefined();
    h.scalekit.toolCalls.splice(0);
    const same = () => clickOnMessage(h, 'U0JANE', card, retryAll);
    await Promise.all([same(), same(), clickOnMessage(h, 'U0BOB', card, retryAll)]);
    const updated = await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => m.ts === card.ts && /retried 3 failed jobs/.test(textOf(m))), 10_000, 'the outcome line');
    expect(textOf(updated)).toMatch(/<@U0(JANE|BOB)> retried 3 failed jobs: \*shard \d\*, \*shard \d\*, \*shard \d\*/);
    await new Promise((r) => setTimeout(r, 500));
    const retried = h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_retry_job' && c.outcome !== undefined);
    expect(retried).toHaveLength(3);
    expect(new Set(retried.map((c) => String(c.input.job_id))).size).toBe(3);
    expect(h.org.getBuildJobs('web', build.number).filter((j) => j.retrySource)).toHaveLength(3);
  });

  it('after a retry the card shows the attempt; an earlier attempt’s env is reachable by its id, and when Buildkite cannot serve its log the newest is offered', async () => {
    const build = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'c'.repeat(40), message: 'Flaky', creator: janeBk, startedAt: new Date(Date.now() - 60_000), finishedAt: new Date(), jobs: [{ name: 'flaky', state: 'failed', exitStatus: 1, logLines: ['attempt one failed'] }, { name: 'lint', state: 'passed' }] });
    const first = await cardOf(build.number);
    const oldId = build.jobIds[0]!;
    await clickOnMessage(h, 'U0JANE', first, findButton(first, 'retry_job:'));
    const newJob = await h.slack.waitFor(() => h.org.getBuildJobs('web', build.number).find((j) => j.retrySource?.jobId === oldId), 10_000, 'the new attempt');
    h.org.appendLog(newJob.id, ['attempt two failed']);
    h.org.setJobState(newJob.id, 'failed', 1);
    const again = await cardOf(build.number);
    expect(textOf(again)).toContain('attempt 2 of 2');

    const log = await ask(h, 'U0JANE', `logs web ${build.number} ${oldId}`);
    expect(textOf(log)).toContain('Buildkite cannot serve the log of that earlier attempt');
    const newest = await h.slack.waitFor(() => h.slack.responseUrlPosts().map((p) => textOf(p.body as { text?: string })).find((t) => t.includes('attempt two failed')), 10_000, 'the newest attempt’s log');
    expect(newest).toContain('flaky');
    const env = textOf(await ask(h, 'U0JANE', `env web ${build.number} ${oldId}`));
    expect(env).toContain('BUILDKITE_BRANCH');
  });

  it('audit says who did what with names (job labels, pipeline and build), filters by kind and by user, and explains an unknown kind', async () => {
    const retries = textOf(await ask(h, 'U0JANE', 'audit 50 retry'));
    expect(retries).toMatch(/retried \*shard \d\* of \*web #\d+\* · `retry_job`/);
    expect(retries).not.toContain('unblock_job');
    const jane = textOf(await ask(h, 'U0JANE', 'audit 50 user:@jane.doe'));
    expect(jane).toContain('<@U0JANE>');
    expect(jane).not.toContain('<@U0BOB>');
    expect(textOf(await ask(h, 'U0JANE', 'audit user:@nobody'))).toContain('No recorded action in this channel matches');
    expect(textOf(await ask(h, 'U0JANE', 'audit frob'))).toContain('`frob` is not a kind of action');
  });
});
