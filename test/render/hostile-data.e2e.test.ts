import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, type Harness, startHarness } from '../harness/harness.js';

/**
 * Strings that come from Buildkite are written by people: pipeline, cluster, queue, agent and schedule
 * names, job labels, test names, artifact paths, annotation bodies, log lines. Whatever they hold, no
 * Slack message the bot sends may ping a channel, mention someone or carry a link it did not make.
 */
const EVIL = '<!channel> <@U0VICTIM> <https://evil.example|click> &amp;';

/** Everything Slack would render in a message: its text and every text object, but not button values. */
function rendered(message: unknown): string {
  return JSON.stringify(message, (key, value) => (key === 'value' || key === 'private_metadata' || key === 'action_id' || key === 'block_id' ? undefined : value));
}

function assertSafe(what: string, message: unknown) {
  const text = rendered(message);
  expect(text, `${what} pings the channel`).not.toContain('<!channel>');
  expect(text, `${what} mentions someone`).not.toContain('<@U0VICTIM>');
  expect(text, `${what} carries a forged link`).not.toContain('<https://evil.example');
}

describe('hostile strings from Buildkite are shown, never obeyed', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    // Even the user's own Buildkite name (whoami, "by …" lines).
    const jane = h.connect('U0JANE', `Jane ${EVIL}`).buildkiteUserId;
    const cluster = h.org.addCluster({ name: `Cluster ${EVIL}`, description: EVIL });
    const queue = h.org.addQueue({ clusterId: cluster.id, key: 'evil-queue', description: EVIL, paused: { by: jane, note: EVIL } });
    h.org.addAgent({ name: `agent ${EVIL}`, hostname: EVIL, queueId: queue.id, metaData: ['queue=evil-queue'], pausedNote: EVIL });
    h.org.addPipeline({ slug: 'web', name: `Web ${EVIL}`, description: EVIL, clusterId: cluster.id });
    const build = h.org.addBuild({
      pipeline: 'web',
      state: 'failed',
      branch: 'feature/<!here>',
      commit: 'a'.repeat(40),
      message: EVIL,
      creator: jane,
      jobs: [
        { name: `unit ${EVIL}`, state: 'failed', exitStatus: 1, logLines: [EVIL, `TOKEN=${EVIL}`], artifacts: [{ path: `report ${EVIL}.txt`, content: 'x' }] },
        { label: `gate ${EVIL}`, type: 'manual', state: 'blocked', stepKey: 'gate' },
      ],
    });
    // Annotation bodies are HTML: hostile text arrives entity-escaped; a real anchor is a link on purpose.
    const html = EVIL.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    h.org.addAnnotation({ buildId: build.id, context: EVIL, style: 'error', body: `<p>${html}</p><a href="https://docs.example/runbook">runbook</a> <b>${html}</b>` });
    h.org.addSchedule({ pipeline: 'web', cronline: '0 2 * * *', label: EVIL, message: EVIL, branch: 'main' });
    h.org.addSuite({ slug: 'web-jest', name: EVIL });
    const test = h.org.addTest({ suite: 'web-jest', scope: EVIL, name: EVIL, location: `spec/${EVIL}.ts:1` });
    h.org.addTestRun({ suite: 'web-jest', branch: 'main', commitSha: 'a'.repeat(40), result: 'failed', failedExecutions: [{ testId: test.id, failureReason: EVIL }] });
  });
  afterAll(async () => h.stop());

  const commands = ['status', 'status web', 'build web 1', 'logs web 1', 'artifacts web 1', 'annotations web 1', 'env web 1', 'pipelines', 'pipeline web', 'schedules web', 'queues', 'agents', 'clusters', 'tests web-jest', 'whoami', 'audit', 'why web 1'];

  for (const command of commands) {
    it(`/buildkite ${command}`, async () => {
      const before = h.slack.messages(CHANNEL).length;
      const dmsBefore = h.slack.dmsTo('U0JANE').length;
      const sent = await h.slash('U0JANE', command);
      expect(sent.status).toBe(200);
      // Whatever the bot says back, in any of the places it may say it.
      await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0] ?? h.slack.messages(CHANNEL)[before], 10_000, `answer to ${command}`);
      await new Promise((r) => setTimeout(r, 200));
      for (const post of h.slack.responseUrlPosts(sent.responseUrl)) assertSafe(`${command} (reply)`, post.body);
      for (const message of h.slack.messages(CHANNEL).slice(before)) assertSafe(`${command} (channel)`, message);
      for (const dm of h.slack.dmsTo('U0JANE').slice(dmsBefore)) assertSafe(`${command} (DM)`, dm);
    });
  }

  it('an annotation’s real link stays a link', async () => {
    const sent = await h.slash('U0JANE', 'annotations web 1');
    const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, 'annotations');
    expect(rendered(reply.body)).toContain('<https://docs.example/runbook|runbook>');
  });
});
