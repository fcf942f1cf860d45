import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, type Harness, startHarness } from '../harness/harness.js';

type JsonLine = Record<string, unknown>;

/** LOG_FORMAT=json from the real bot: each Slack request's lines name it, and a tool call's name the call. */
describe('JSON log lines carry the request and the tool call they belong to', () => {
  let h: Harness;
  const jsonLogLines: string[] = [];
  let number: number;
  const lines = (): JsonLine[] => jsonLogLines.map((line) => JSON.parse(line) as JsonLine);

  beforeAll(async () => {
    h = await startHarness({ jsonLogLines });
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web', defaultBranch: 'main', visibility: 'public' });
    const started = new Date(Date.now() - 5 * 60_000);
    number = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'Break it', creator: jane, startedAt: started, finishedAt: new Date(), jobs: [{ name: 'Tests', state: 'failed', exitStatus: 1, logLines: ['Error: boom'] }] }).number;
  });
  afterAll(async () => h.stop());

  it('a slash command that reads a build: its tool call line has request_id, team, user, tool, execution_id and duration_ms', async () => {
    const sent = await h.slash('U0JANE', `build web ${number}`);
    expect(sent.status).toBe(200);
    await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => JSON.stringify(m.blocks ?? []).includes(`#${number}`)), 10_000, 'the build card');

    const call = await h.slack.waitFor(() => lines().find((line) => line.tool === 'get_build' && /^tool get_build for U0JANE ok/.test(String(line.message))), 5_000, 'the get_build line');
    expect(call).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'debug',
      message: expect.stringMatching(/^tool get_build for U0JANE ok \(\d+ ms, execution \S+\)$/),
      request_id: expect.any(String),
      team: 'T0SANDBOX',
      user: 'U0JANE',
      tool: 'get_build',
      execution_id: expect.any(String),
      duration_ms: expect.any(Number),
    });
    // The structured fields are the ones the text says.
    const [, ms, execution] = /\((\d+) ms, execution (\S+)\)/.exec(String(call.message))!;
    expect(call.duration_ms).toBe(Number(ms));
    expect(call.execution_id).toBe(execution);
    expect(h.scalekit.toolCalls.some((c) => c.toolName === 'buildkitemcp_get_build')).toBe(true);

    // Every tool call of this request carries the same request id; another request gets another.
    const ofRequest = lines().filter((line) => line.request_id === call.request_id);
    expect(ofRequest.filter((line) => line.tool !== undefined).length).toBeGreaterThanOrEqual(1);
    expect(ofRequest.every((line) => line.user === 'U0JANE' && line.team === 'T0SANDBOX')).toBe(true);
    const again = await h.slash('U0JANE', `build web ${number}`);
    expect(again.status).toBe(200);
    const second = await h.slack.waitFor(
      () => lines().find((line) => line.tool === 'get_build' && line.request_id !== call.request_id && String(line.message).startsWith('tool get_build')),
      10_000,
      'the second request\'s get_build line',
    );
    expect(second.execution_id).not.toBe(call.execution_id);
  });

  it('an event is known by Slack\'s event_id; work outside any request carries no request fields', async () => {
    const url = `https://buildkite.com/acme/web/builds/${number}`;
    const event = h.slack.shareLinks(CHANNEL, 'U0JANE', [url]);
    expect((await h.event(event)).status).toBe(200);
    await h.slack.waitFor(() => h.slack.unfurlsOf(event)[url], 10_000, 'the preview');
    const call = await h.slack.waitFor(() => lines().find((line) => line.request_id === event.event_id && line.tool === 'get_build'), 5_000, 'the preview\'s get_build line');
    expect(call).toMatchObject({ user: 'U0JANE', execution_id: expect.any(String), duration_ms: expect.any(Number) });

    h.deps.logger.info('a line outside any request');
    const outside = lines().find((line) => line.message === 'a line outside any request')!;
    expect(Object.keys(outside).sort()).toEqual(['level', 'message', 'time']);
  });

  it('a failure nothing caught is logged by app.error once, with its request\'s id, team and user', async () => {
    // A listener of the test's own that throws: Bolt hands its error to app.error, outside the request's context.
    h.bot.app.event('app_mention', async () => {
      throw new Error('listener blew up');
    });
    const shared = h.slack.shareLinks(CHANNEL, 'U0JANE', ['https://example.com/unrelated']);
    const mention = { ...shared, event_id: `Ev0BOOM${Date.now()}`, event: { ...shared.event, type: 'app_mention', text: '<@U0BOT> hi' } };
    expect((await h.event(mention as typeof shared)).status).toBe(200);
    const failure = await h.slack.waitFor(() => lines().find((line) => String(line.message).startsWith('unhandled Bolt error') && String(line.message).includes('listener blew up')), 5_000, 'the unhandled error line');
    expect(failure).toMatchObject({ level: 'error', request_id: mention.event_id, team: 'T0SANDBOX', user: 'U0JANE' });
    expect(lines().filter((line) => String(line.message).includes('listener blew up'))).toHaveLength(1);
  });
});
