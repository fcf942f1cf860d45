import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLUG } from '../../src/features/builds/build-args.js';
import { type Harness, type SentRequest, startHarness, textOf } from '../harness/harness.js';

/**
 * Bad input from Slack users and tampered payloads: whatever arrives, the bot answers with a usage,
 * validation or Buildkite reply — never an unhandled failure — and never sends Buildkite an input that
 * fails the tool's schema or names a pipeline that is not a slug.
 */

const WORDS = ['status', 'build', 'link', 'unlink', 'help', 'whoami', 'connect', 'web', 'new', 'branch:', 'state:', 'limit:', 'reason:"', '"', '`', '```', '<!here>', '<!channel>', '<@U123>', '*x*', '&', '\n', '#12', '12', '-1', '1e9', 'https://buildkite.com/acme/web/builds/1', '<https://evil|x>', '💥', '\u202e', '\u0000'];

const commandText = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }).map((w) => w.join(' ')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('status', 'build', 'link'), fc.string({ unit: 'grapheme', maxLength: 80 })).map(([a, b]) => `${a} ${b}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 10_000, maxLength: 10_240 }) },
);

describe('fuzzing what users type and what Slack sends back', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.connect('U0JANE', 'Jane Doe');
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'm', jobs: [{ name: 'Unit', state: 'failed', exitStatus: 1 }] });
  });
  afterAll(async () => h.stop());

  /**
   * The first thing the bot said about one request: a reply to its response_url, a channel post, or a
   * form it opened (`build new <pipeline>` answers with the New build form).
   */
  async function answerTo(sent: SentRequest, channelBefore: number, viewsBefore: number): Promise<string> {
    const post = await h.slack.waitFor(
      () => h.slack.responseUrlPosts(sent.responseUrl)[0]?.body ?? h.slack.messages('C0BUILDS').filter((m) => !m.thread_ts)[channelBefore] ?? h.slack.openViews('U0JANE')[viewsBefore],
      8000,
      'an answer',
    );
    return textOf(post as never);
  }

  function assertOnlyValidCalls() {
    for (const call of h.scalekit.toolCalls) {
      const outcome = call.outcome;
      // status 0 with a schema message means the MCP server refused the arguments themselves.
      if (outcome && !outcome.ok && outcome.status === 0) expect.fail(`unvalidated input reached Buildkite: ${call.toolName} ${JSON.stringify(call.input)}`);
      const slug = call.input.pipeline_slug;
      if (slug !== undefined) expect(String(slug)).toMatch(SLUG);
    }
  }

  const internalFailures = () => h.logger.lines.filter((l) => /request by .* failed|unhandled Bolt error/.test(l));

  it('slash-command text of any shape gets an answer and never an internal failure', async () => {
    await fc.assert(
      fc.asyncProperty(commandText, async (text) => {
        const before = h.slack.messages('C0BUILDS').filter((m) => !m.thread_ts).length;
        const viewsBefore = h.slack.openViews('U0JANE').length;
        const sent = await h.slash('U0JANE', text.replace(/^\s*disconnect\b/i, 'help'));
        expect(sent.status).toBe(200);
        expect(sent.ackMs).toBeLessThan(3000);
        const answer = await answerTo(sent, before, viewsBefore);
        expect(answer).not.toContain('Something went wrong');
        expect(answer).not.toMatch(/\n\s+at \S+ \(/); // no stack trace
      }),
      { numRuns: 150 },
    );
    assertOnlyValidCalls();
    expect(internalFailures()).toEqual([]);
  }, 120_000);

  const actionIds = ['retry_job:x', 'unblock_job:x', 'cancel_build', 'rebuild_build', 'refresh_build', 'share_status'];
  const values = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.json({ maxDepth: 3 }),
    fc.record({ p: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('web'), fc.integer()), b: fc.oneof(fc.integer(), fc.string(), fc.constant(1)), j: fc.oneof(fc.string({ maxLength: 70 }), fc.constant(null)) }).map((v) => JSON.stringify(v)),
    fc.constant('{"p":"web","b":1').map(String), // truncated
  );

  it('tampered button values get a validation reply or a Buildkite answer, never an unvalidated call', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...actionIds), values, async (actionId, value) => {
        const sent = await h.click({ userId: 'U0JANE', channelId: 'C0BUILDS', messageTs: '1.000001', isEphemeral: true, action: { action_id: actionId, value } });
        expect(sent.status).toBe(200);
        expect(sent.ackMs).toBeLessThan(3000);
        const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 8000, 'reply to a click').catch(() => undefined);
        if (reply) expect(textOf(reply.body)).not.toContain('Something went wrong');
      }),
      { numRuns: 150 },
    );
    assertOnlyValidCalls();
    expect(internalFailures()).toEqual([]);
  }, 120_000);

  it('tampered modal submissions are refused without a Buildkite call', async () => {
    h.scalekit.resetCounters();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 3 })), async (metadata) => {
        const res = await h.submitView({ userId: 'U0JANE', callbackId: 'unblock_job_modal', privateMetadata: metadata, values: {} });
        expect(res.status).toBe(200);
        expect(res.ackMs).toBeLessThan(3000);
      }),
      { numRuns: 40 },
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(h.scalekit.countTool('unblock_job')).toBe(0);
    expect(internalFailures()).toEqual([]);
  }, 60_000);
});
