import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_CORPUS } from '../../harness/mask-corpus.js';
import { CHANNEL, type Harness, startHarness, textOf } from '../../harness/harness.js';

/** Buildkite data that once froze the bot or leaked secrets into the channel, against the real bot. */
describe('Buildkite data on cards posted in the channel', () => {
  let h: Harness;
  let jane: string;
  const corpusBuilds: number[] = [];
  let annotated = 0;

  beforeAll(async () => {
    h = await startHarness();
    jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.connect('U0BOB', 'Bob Roe');
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    // The card shows the log tails of five failed jobs: one build per five samples.
    for (let i = 0; i < SECRET_CORPUS.length; i += 5) {
      const samples = SECRET_CORPUS.slice(i, i + 5);
      const build = h.org.addBuild({
        pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: `corpus ${i}`, creator: jane,
        jobs: samples.map((s, j) => ({ name: `job ${i + j}`, state: 'failed' as const, exitStatus: 1, logLines: s.text.split('\n') })),
      });
      corpusBuilds.push(build.number);
    }
    const huge = h.org.addBuild({
      pipeline: 'web', state: 'failed', branch: 'main', commit: 'b'.repeat(40), message: 'annotated', creator: jane,
      jobs: [{ name: 'coverage', state: 'failed', exitStatus: 1, logLines: [`DEPLOY_TOKEN=${'s'.repeat(200_000)}`, 'x'.repeat(200_000)] }],
    });
    annotated = huge.number;
    const body = `<p><span title="${"<a href='".repeat(3_000)}">coverage</span></p>`;
    h.org.addAnnotation({ buildId: h.org.getBuild('web', huge.number)!.id, context: 'coverage', style: 'info', body });
  });
  afterAll(async () => h.stop());

  async function postedCard(user: string, text: string) {
    const before = h.slack.messages(CHANNEL).length;
    await h.slash(user, text);
    await h.slack.waitFor(() => h.slack.messages(CHANNEL).length > before);
    return h.slack.messages(CHANNEL).at(-1)!;
  }

  it('no secret of the corpus reaches the channel', async () => {
    const leaks: string[] = [];
    for (const [index, number] of corpusBuilds.entries()) {
      const text = textOf(await postedCard('U0JANE', `build web ${number}`));
      for (const sample of SECRET_CORPUS.slice(index * 5, index * 5 + 5)) {
        for (const secret of sample.secrets) if (text.includes(JSON.stringify(secret).slice(1, -1))) leaks.push(`${sample.shape}: ${secret}`);
      }
      expect(text).toContain('••••••');
    }
    expect(leaks).toEqual([]);
  });

  it('a 200 KB log line and a pathological annotation render while another user is answered', async () => {
    // Correctness here; how little the heavy card delays another person's ack is measured by `npm run bench`.
    const opening = postedCard('U0JANE', `build web ${annotated}`);
    const other = await h.slash('U0BOB', 'help');
    const message = await opening;
    expect(other.status).toBe(200);
    expect(other.ackMs).toBeLessThan(3_000); // Slack's deadline, not a speed target
    await h.slack.waitFor(() => h.slack.responseUrlPosts(other.responseUrl)[0], 10_000, 'the help answer');
    expect(textOf(message)).toContain('coverage');
    expect(textOf(message)).toContain('DEPLOY_TOKEN=••••••');
  });

  it('a channel can turn log lines off; the card says where they went', async () => {
    const off = await h.slash('U0JANE', 'settings logs:off');
    expect(off.status).toBe(200);
    await h.slack.waitFor(() => h.slack.responseUrlPosts(off.responseUrl).length > 0);
    expect(textOf(h.slack.responseUrlPosts(off.responseUrl)[0]?.body)).toContain('Log lines off');
    h.scalekit.resetCounters();
    const text = textOf(await postedCard('U0JANE', `build web ${corpusBuilds[0]}`));
    expect(text).not.toContain('••••••');
    expect(text).toContain('Log lines are not shown here');
    expect(h.scalekit.countTool('tail_logs')).toBe(0);
    const on = await h.slash('U0JANE', 'settings logs:on');
    await h.slack.waitFor(() => h.slack.responseUrlPosts(on.responseUrl).length > 0);
    expect(textOf(await postedCard('U0JANE', `build web ${corpusBuilds[0]}`))).toContain('••••••');
  });
});
