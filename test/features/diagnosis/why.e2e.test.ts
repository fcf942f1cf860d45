import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../../src/sandbox/slack-api/index.js';
import { CALL_BUDGET } from '../../../src/features/diagnosis/gather.js';
import { ALL_SCOPES } from '../../../src/sandbox/buildkite-org/index.js';
import { blockActionsPayload, interactionBody, postSigned } from '../../../src/sandbox/signing.js';
import { CHANNEL, type Harness, SIGNING_SECRET, startHarness, textOf } from '../../harness/harness.js';
import { clickOnMessage, findButton } from '../../harness/interactions.js';

/** What the fake Buildkite server received, tool by tool, since the last reset. */
const received = (h: Harness) => h.org.callCounts();
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
/** Who the person is and their organisation are asked once per person (the identity check, the org's slug), not per diagnosis. */
const PER_PERSON = ['current_user', 'user_token_organization'];
const diagnosisCalls = (counts: Record<string, number>) => total(counts) - PER_PERSON.reduce((sum, tool) => sum + (counts[tool] ?? 0), 0);

/**
 * The branch `main` of `web`: #1 passed; #2's Lint failed and passed on retry; then the build asked about
 * fails: Unit tests (its first error is 250 lines above the log's end, beyond the summary's 200-line
 * tail; a token printed above it) and Lint again,
 * with a failing test and an error annotation.
 */
function seedBranch(h: Harness, jane: string): { failed: number; jobs: string[] } {
  const commit = (n: number) => String(n).repeat(40).slice(0, 40);
  h.org.addBuild({ pipeline: 'web', state: 'passed', branch: 'main', commit: commit(1), message: 'Green', creator: jane, jobs: [{ name: 'Unit tests', stepKey: 'unit', state: 'passed' }, { name: 'Lint', stepKey: 'lint', state: 'passed' }] });
  const flaky = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: commit(2), message: 'Flaky lint', creator: jane, jobs: [{ name: 'Unit tests', stepKey: 'unit', state: 'passed' }, { name: 'Lint', stepKey: 'lint', state: 'failed', exitStatus: 1 }] });
  h.org.call({ userId: jane, scopes: ['read_builds', 'write_builds'] }, 'retry_job', { org_slug: 'acme', pipeline_slug: 'web', build_number: String(flaky.number), job_id: flaky.jobIds[1]! });
  const retriedLint = h.org.getBuildJobs('web', flaky.number).find((j) => j.stepKey === 'lint' && !j.retried)!;
  h.org.setJobState(retriedLint.id, 'passed', 0);
  const log = ['Installing dependencies', 'export NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123456789', 'Running 120 tests', "TypeError: Cannot read properties of undefined (reading 'cents')", '    at Money.round (src/money.ts:42:7)', ...Array.from({ length: 250 }, (_, i) => `progress ${i + 1}`), 'Done in 12s'];
  const failed = h.org.addBuild({
    pipeline: 'web', state: 'failed', branch: 'main', commit: 'f00dfeed'.repeat(5), message: 'Refactor rounding', creator: jane,
    jobs: [{ name: 'Unit tests', stepKey: 'unit', state: 'failed', exitStatus: 1, logLines: log }, { name: 'Lint', stepKey: 'lint', state: 'failed', exitStatus: 1, logLines: ['eslint .', 'error  Unexpected any  no-explicit-any'] }],
  });
  h.org.addAnnotation({ buildId: failed.id, context: 'coverage', style: 'error', body: 'Coverage fell to **71%** <!channel>' });
  const testId = h.org.addTest({ suite: 'web-jest', scope: 'Money', name: 'rounds half to even', location: 'src/money.test.ts:18' }).id;
  h.org.addTestRun({ suite: 'web-jest', branch: 'main', commitSha: 'f00dfeed'.repeat(5), result: 'failed', buildId: failed.id, failedExecutions: [{ testId, failureReason: 'expected 10 to be 12', backtrace: ['src/money.test.ts:19'] }] });
  return { failed: failed.number, jobs: failed.jobIds };
}

async function cardOf(h: Harness, user: string, number: number): Promise<StoredMessage> {
  const before = h.slack.messages(CHANNEL).length;
  await h.slash(user, `build web ${number}`);
  return h.slack.waitFor(() => h.slack.messages(CHANNEL).slice(before).find((m) => !m.thread_ts && textOf(m).includes(`/web/builds/${number}`)), 10_000, 'the card');
}

const answersIn = (h: Harness, card: StoredMessage) => h.slack.threadReplies(CHANNEL, card.ts).filter((m) => textOf(m).includes('Why '));

describe.each([
  { path: 'summary', server: '1.19' as const, connector: 'server' as const },
  { path: 'composed', server: '1.19' as const, connector: 'catalogue' as const },
  { path: 'composed', server: '1.8' as const, connector: 'server' as const },
  { path: 'composed', server: '1.7' as const, connector: 'server' as const },
])('Why did it fail? ($path path: server v$server, connector offering the $connector tools)', ({ path, server, connector }) => {
  let h: Harness;
  let jane: string;
  let branch: { failed: number; jobs: string[] };
  let card: StoredMessage;
  let answer: StoredMessage;
  /** A v1.8+ server lists jobs apart, and a connector with only the catalogue's tools cannot list them. */
  const jobsKnown = server === '1.7' || connector === 'server';

  beforeAll(async () => {
    h = await startHarness({ scalekit: { connectorTools: connector } });
    h.org.server = server;
    jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.connect('U0BOB', 'Bob Stone');
    h.org.addPipeline({ slug: 'web', name: 'Web', repository: 'git@github.com:acme/web.git' });
    h.org.addSuite({ slug: 'web-jest' });
    branch = seedBranch(h, jane);
    card = await cardOf(h, 'U0JANE', branch.failed);
  });
  afterAll(async () => h.stop());

  it('Why on a failed card: one answer in its thread, read as the clicker, with the first error lines, failing tests, verdicts and a next step, within the budget', async () => {
    h.org.resetCalls();
    await clickOnMessage(h, 'U0BOB', card, findButton(card, 'why_failed'));
    answer = await h.slack.waitFor(() => answersIn(h, card)[0], 15_000, 'the answer in the thread');
    const text = textOf(answer);
    expect(text).toContain('rounds half to even');
    expect(text).toContain('src/money.test.ts:18');
    expect(text).toContain('Newly broken');
    expect(text).toContain('Coverage fell to');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('<@U0BOB>');
    if (jobsKnown) {
      // The first error, far above the log's last lines; the token printed above it is masked.
      expect(text).toContain("TypeError: Cannot read properties of undefined (reading 'cents')");
      expect(text).not.toContain('npm_abcdefghijklmnopqrstuvwxyz0123456789');
      expect(text).not.toContain('progress 250');
      // Lint looks flaky (failed, then passed on retry in the build before): retrying it is the next step.
      expect(text).toContain('Likely flaky');
      expect(findButton(answer, 'retry_job:').value).toContain(branch.jobs[1]!);
    } else {
      expect(text).toContain('The job list is unavailable');
      const next = (answer.blocks as { accessory?: { action_id?: string; url?: string } }[]).find((b) => b.accessory?.action_id === 'open_failing_test');
      expect(next?.accessory?.url).toContain('/tests/');
    }
    // Every call was made as Bob, within the path's hard cap.
    const bob = h.org.listUsers().find((u) => u.name === 'Bob Stone')!.id;
    expect(new Set(h.org.calls.map((c) => c.callerUserId))).toEqual(new Set([bob]));
    const counts = received(h);
    for (const tool of PER_PERSON) expect(counts[tool] ?? 0).toBeLessThanOrEqual(1);
    if (path === 'summary') {
      expect(counts.get_build_failure_summary).toBe(1);
      expect(counts.get_build ?? 0).toBe(0);
      // Only Unit tests' log is longer than the summary's tail: its first error is searched for.
      expect(counts.search_logs).toBe(1);
      expect(diagnosisCalls(counts)).toBeLessThanOrEqual(CALL_BUDGET.summary);
    } else {
      expect(counts.get_build_failure_summary ?? 0).toBe(0);
      expect(counts.get_build).toBe(1);
      expect(counts.search_logs ?? 0).toBe(jobsKnown ? 2 : 0);
      expect(diagnosisCalls(counts)).toBeLessThanOrEqual(CALL_BUDGET.composed);
    }
    console.info(`calls per diagnosis (${path}, v${server}, ${connector}): ${JSON.stringify(counts)}: ${diagnosisCalls(counts)} for the diagnosis`);
    expect(answersIn(h, card)).toHaveLength(1);
  });

  it('a second press, and `/buildkite why` for the same build, make no Buildkite call and point to the first answer', async () => {
    h.org.resetCalls();
    const again = await clickOnMessage(h, 'U0JANE', card, findButton(card, 'why_failed'));
    const pointer = await h.slack.waitFor(() => h.slack.responseUrlPosts(again.responseUrl)[0], 10_000, 'the pointer');
    expect(textOf(pointer.body)).toContain('already diagnosed');
    expect(textOf(pointer.body)).toContain(`https://`);
    expect(textOf(pointer.body)).toContain(`p${answer.ts.replace('.', '')}`);
    const asked = await h.slash('U0JANE', `why web ${branch.failed}`);
    const commandPointer = await h.slack.waitFor(() => h.slack.responseUrlPosts(asked.responseUrl)[0], 10_000, 'the command’s pointer');
    expect(textOf(commandPointer.body)).toContain(`p${answer.ts.replace('.', '')}`);
    expect(total(received(h))).toBe(0);
    expect(answersIn(h, card)).toHaveLength(1);
  });

  it('a double click on a new failed build: one answer, one diagnosis worth of calls; `already failing` since the first red build', async () => {
    const next = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'Still red', creator: jane, jobs: [{ name: 'Unit tests', stepKey: 'unit', state: 'failed', exitStatus: -1, signalReason: 'agent_stop', logLines: ['Running', 'Received signal terminated'] }] });
    const nextCard = await cardOf(h, 'U0JANE', next.number);
    h.org.resetCalls();
    const button = findButton(nextCard, 'why_failed');
    const [first, second] = await Promise.all([clickOnMessage(h, 'U0JANE', nextCard, button), clickOnMessage(h, 'U0JANE', nextCard, button)]);
    const reply = await h.slack.waitFor(() => answersIn(h, nextCard)[0], 15_000, 'the answer');
    const told = await h.slack.waitFor(() => [...h.slack.responseUrlPosts(first.responseUrl), ...h.slack.responseUrlPosts(second.responseUrl)][0], 10_000, 'the other click told');
    expect(textOf(told.body)).toMatch(/being diagnosed|already diagnosed/);
    await new Promise((r) => setTimeout(r, 300));
    expect(answersIn(h, nextCard)).toHaveLength(1);
    const text = textOf(reply);
    expect(text).toContain(`Already failing`);
    expect(text).toContain(`since #${branch.failed}`);
    if (jobsKnown) {
      // The agent was stopped: infrastructure, not code; retrying the job is the next step.
      expect(text).toContain('Infrastructure, not code');
      expect(findButton(reply, 'retry_job:').value).toContain(next.jobIds[0]!);
    }
    const counts = received(h);
    console.info(`calls per diagnosis, double click (${path}, v${server}, ${connector}): ${JSON.stringify(counts)}`);
    expect(diagnosisCalls(counts)).toBeLessThanOrEqual(path === 'summary' ? CALL_BUDGET.summary : CALL_BUDGET.composed);
  });

  it('with log lines off in the channel, reads and shows none', async () => {
    const off = await h.slash('U0JANE', 'settings logs:off');
    await h.slack.waitFor(() => h.slack.responseUrlPosts(off.responseUrl).length > 0, 10_000, 'settings');
    const quiet = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'b'.repeat(40), message: 'Quiet', creator: jane, jobs: [{ name: 'Unit tests', stepKey: 'unit', state: 'failed', exitStatus: 1, logLines: ['Error: SECRET_LINE'] }] });
    const quietCard = await cardOf(h, 'U0JANE', quiet.number);
    h.org.resetCalls();
    await clickOnMessage(h, 'U0JANE', quietCard, findButton(quietCard, 'why_failed'));
    const reply = await h.slack.waitFor(() => answersIn(h, quietCard)[0], 15_000, 'the answer');
    expect(textOf(reply)).not.toContain('SECRET_LINE');
    const logReads = h.org.calls.filter((c) => ['search_logs', 'tail_logs', 'read_logs'].includes(c.tool) || (c.tool === 'get_build_failure_summary' && c.input.include_logs !== false));
    expect(logReads).toEqual([]);
    if (jobsKnown) expect(textOf(reply)).toContain('Log lines are off in this channel');
  });

  it('Retry this job, in the answer, retries the flaky job once as the clicker', async () => {
    if (!jobsKnown) {
      expect(JSON.stringify(answer.blocks)).not.toContain('retry_job:');
      return;
    }
    const before = h.org.getBuildJobs('web', branch.failed).length;
    const retry = findButton(answer, 'retry_job:');
    await Promise.all([clickOnMessage(h, 'U0BOB', answer, retry), clickOnMessage(h, 'U0BOB', answer, retry)]);
    await h.slack.waitFor(() => h.org.getBuildJobs('web', branch.failed).length === before + 1 || undefined, 10_000, 'the retry');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.org.getBuildJobs('web', branch.failed)).toHaveLength(before + 1);
    expect(h.org.getBuildJobs('web', branch.failed).find((j) => j.retrySource?.jobId === branch.jobs[1])).toBeDefined();
  });
});

describe.each([
  { path: 'summary', server: '1.19' as const },
  { path: 'composed', server: '1.7' as const },
])('Why did it fail? asked by someone whose Buildkite access reads builds but not logs or Test Engine ($path path, server v$server)', ({ server }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.org.server = server;
  });
  afterAll(async () => h.stop());

  it('answers without log lines or failing tests, and says why rather than leaving them out silently', async () => {
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.connect('U0NORA', 'Nora Reader', ALL_SCOPES.filter((s) => s !== 'read_build_logs' && s !== 'read_suites'));
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    h.org.addSuite({ slug: 'web-jest' });
    const { failed } = seedBranch(h, jane);
    const card = await cardOf(h, 'U0JANE', failed);
    await clickOnMessage(h, 'U0NORA', card, findButton(card, 'why_failed'));
    const text = textOf(await h.slack.waitFor(() => answersIn(h, card)[0], 15_000, 'the answer'));
    expect(text).toContain('Log not readable with your access');
    expect(text).toContain('`read_build_logs`');
    expect(text).not.toContain('TypeError');
    expect(text).not.toContain('progress 250');
    expect(text).not.toContain('Unexpected any');
    expect(text).toContain('Failing tests not readable with your access');
    expect(text).not.toContain('rounds half to even');
    // What the access allows is still answered.
    expect(text).toContain('Coverage fell to');
    expect(text).toContain('Newly broken');
  });
});

describe('`/buildkite why` without a card, and a channel with log lines off', () => {
  let h: Harness;
  let jane: string;
  beforeAll(async () => {
    h = await startHarness();
    h.org.server = '1.19';
    jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    h.org.addSuite({ slug: 'web-jest' });
    failed = seedBranch(h, jane).failed;
    // Another build's card: the bot then knows the server's newer shape and asks Scalekit again what it offers.
    await cardOf(h, 'U0JANE', 1);
  });
  afterAll(async () => h.stop());
  let failed: number;

  it('posts the answer in the channel, shows no log lines when they are off, and reads none', async () => {
    const off = await h.slash('U0JANE', 'settings logs:off');
    await h.slack.waitFor(() => h.slack.responseUrlPosts(off.responseUrl).length > 0, 10_000, 'settings');
    h.org.resetCalls();
    const before = h.slack.messages(CHANNEL).length;
    await h.slash('U0JANE', `why web ${failed}`);
    const posted = await h.slack.waitFor(() => h.slack.messages(CHANNEL).slice(before).find((m) => textOf(m).includes('Why ')), 15_000, 'the answer in the channel');
    expect(posted.thread_ts).toBeUndefined();
    const text = textOf(posted);
    expect(text).toContain('Log lines are off in this channel');
    expect(text).not.toContain('TypeError');
    expect(text).toContain('rounds half to even');
    expect(h.org.calls.find((c) => c.tool === 'get_build_failure_summary')?.input).toMatchObject({ include_logs: false });
  });

  it('a click Slack delivers again (the same signed request, twice at once and once more later) is answered once', async () => {
    const next = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'd'.repeat(40), message: 'Red again', creator: jane, jobs: [{ name: 'Unit tests', stepKey: 'unit', state: 'failed', exitStatus: 1, logLines: ['Error: boom'] }] });
    const nextCard = await cardOf(h, 'U0JANE', next.number);
    const why = findButton(nextCard, 'why_failed');
    const body = interactionBody(blockActionsPayload({ userId: 'U0JANE', channelId: CHANNEL, messageTs: nextCard.ts, messageText: nextCard.text, messageBlocks: nextCard.blocks, action: why, responseUrl: h.slack.createResponseUrl(CHANNEL, 'U0JANE'), triggerId: h.slack.issueTriggerId({ user: 'U0JANE' }) }));
    const timestamp = Math.floor(Date.now() / 1000);
    h.org.resetCalls();
    const delivered = await Promise.all([postSigned(h.eventsUrl, SIGNING_SECRET, body, { timestamp }), postSigned(h.eventsUrl, SIGNING_SECRET, body, { timestamp })]);
    expect(delivered.map((d) => d.status)).toEqual([200, 200]);
    await h.slack.waitFor(() => answersIn(h, nextCard)[0], 15_000, 'the answer');
    const calls = total(received(h));
    expect((await postSigned(h.eventsUrl, SIGNING_SECRET, body, { timestamp })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    expect(answersIn(h, nextCard)).toHaveLength(1);
    expect(total(received(h))).toBe(calls);
    expect(calls).toBeLessThanOrEqual(CALL_BUDGET.summary);
  });

  it('a build that passed is not diagnosed, and can be asked about again later', async () => {
    const green = h.org.addBuild({ pipeline: 'web', state: 'passed', branch: 'main', commit: 'e'.repeat(40), message: 'Green', creator: jane, jobs: [{ name: 'Unit tests', state: 'passed' }] });
    const asked = await h.slash('U0JANE', `why web ${green.number}`);
    const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(asked.responseUrl)[0], 10_000, 'the answer');
    expect(textOf(reply.body)).toContain('has not failed');
    expect(await h.deps.store.getDiagnosis('T0E2E', CHANNEL, 'web', green.number)).toBeUndefined();
  });
});
