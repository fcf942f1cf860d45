import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitFake } from '../../../src/sandbox/scalekit/index.js';
import { BOT_TOKEN, CHANNEL, type Harness, SCALEKIT_CLIENT_SECRET, SIGNING_SECRET, startHarness, textOf } from '../../harness/harness.js';

const LINK_PATTERN = /\/magic\/[\w-]+/;

describe('linking a Slack user to Buildkite', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.stop());

  it('sends an unconnected user their link by DM only, reuses it, and works once they authorize', async () => {
    const sent = await h.slash('U0JANE', 'whoami');
    expect(sent.status).toBe(200);
    expect(sent.ackMs).toBeLessThan(3000);

    // Where they typed: a private notice, without the link.
    const notice = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, 'ephemeral notice');
    expect(notice.body.response_type).toBe('ephemeral');
    expect(textOf(notice.body)).toContain("I've sent you a link in a direct message");
    expect(textOf(notice.body)).not.toMatch(LINK_PATTERN);

    // By DM: the link and its expiry in words.
    const dm = await h.slack.waitFor(() => h.slack.dmsTo('U0JANE')[0], 5000, 'DM with link');
    const link = textOf(dm).match(/https?:\/\/[^\s"|>]+\/magic\/[\w-]+/)?.[0];
    expect(link).toBeDefined();
    expect(textOf(dm)).toContain('expires in 10 minutes');
    expect(h.scalekit.account('U0JANE')?.status).toBe(3); // PENDING_AUTH

    // No link in any channel message, nor in any non-DM reply.
    expect(h.slack.messages(CHANNEL).every((m) => !LINK_PATTERN.test(textOf(m)))).toBe(true);
    expect(h.slack.responseUrlPosts().every((p) => !LINK_PATTERN.test(textOf(p.body)))).toBe(true);
    expect(h.slack.ephemerals().every((e) => !LINK_PATTERN.test(textOf(e)))).toBe(true);

    // A second try within the expiry reuses the same link.
    const again = await h.slash('U0JANE', 'whoami');
    await h.slack.waitFor(() => h.slack.responseUrlPosts(again.responseUrl)[0], 10_000, 'second notice');
    const dms = await h.slack.waitFor(() => (h.slack.dmsTo('U0JANE').length >= 2 ? h.slack.dmsTo('U0JANE') : undefined), 5000);
    expect(textOf(dms[1])).toContain(link!);
    expect(h.slack.callsTo('conversations.open').every((c) => c.args.users === 'U0JANE')).toBe(true);

    // After authorizing, the same command answers with their Buildkite name and org, no restart.
    h.connect('U0JANE', 'Jane Doe');
    const third = await h.slash('U0JANE', 'whoami');
    const answer = await h.slack.waitFor(() => h.slack.responseUrlPosts(third.responseUrl)[0], 10_000, 'whoami answer');
    expect(textOf(answer.body)).toContain('Jane Doe');
    expect(textOf(answer.body)).toContain('Acme');
    expect(textOf(answer.body)).toContain('`acme`');
    expect(textOf(answer.body)).toContain('read_builds');
  });

  it('identifies every tool call by the Slack user who typed the command', async () => {
    h.connect('U0OMAR', 'Omar Hadid');
    const sent = await h.slash('U0OMAR', 'whoami');
    const answer = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000);
    expect(textOf(answer.body)).toContain('Omar Hadid');
    expect(textOf(answer.body)).not.toContain('Jane Doe');
  });

  it('connect, disconnect and help', async () => {
    h.connect('U0ADA', 'Ada Byron');
    const connect = await h.slash('U0ADA', 'connect');
    const connected = await h.slack.waitFor(() => h.slack.responseUrlPosts(connect.responseUrl)[0], 10_000);
    expect(textOf(connected.body)).toContain('already connected');

    const off = await h.slash('U0ADA', 'disconnect');
    const offReply = await h.slack.waitFor(() => h.slack.responseUrlPosts(off.responseUrl)[0], 10_000);
    expect(textOf(offReply.body)).toContain('Disconnected');
    expect(h.scalekit.account('U0ADA')).toBeUndefined();

    const help = await h.slash('U0ADA', 'help');
    const helpReply = await h.slack.waitFor(() => h.slack.responseUrlPosts(help.responseUrl)[0], 10_000);
    for (const sub of ['whoami', 'connect', 'disconnect', 'help']) expect(textOf(helpReply.body)).toContain(`/buildkite ${sub}`);

    const unknown = await h.slash('U0ADA', 'frobnicate now');
    const unknownReply = await h.slack.waitFor(() => h.slack.responseUrlPosts(unknown.responseUrl)[0], 10_000);
    expect(textOf(unknownReply.body)).toContain('Unknown subcommand `frobnicate`');
    expect(textOf(unknownReply.body)).toContain('/buildkite whoami');
  });

  it('logs no secret: client secret, bot token, signing secret, bearer tokens or link tokens', () => {
    const log = h.logger.lines.join('\n');
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [SCALEKIT_CLIENT_SECRET, BOT_TOKEN, SIGNING_SECRET]) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/Bearer\s+\S{8,}/);
    expect(log).not.toMatch(/\/magic\/[\w-]+/);
  });
});

describe('request verification', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.connect('U0JANE', 'Jane Doe');
  });
  afterAll(async () => h.stop());

  it('refuses a bad signature, a stale timestamp and a future one, without calling Scalekit', async () => {
    const before = h.scalekit.attempts();
    const now = Math.floor(Date.now() / 1000);
    expect((await h.slash('U0JANE', 'whoami', { badSignature: true })).status).toBe(401);
    expect((await h.slash('U0JANE', 'whoami', { timestamp: now - 6 * 60 })).status).toBe(401);
    expect((await h.slash('U0JANE', 'whoami', { timestamp: now + 6 * 60 })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.scalekit.attempts()).toBe(before);
    expect(h.scalekit.countTool('buildkitemcp_current_user')).toBe(0);
    expect(h.slack.responseUrlPosts()).toHaveLength(0);
  });
});

describe('Scalekit outages', () => {
  it('connection refused: acks at once, says Buildkite is unreachable, and stays up', async () => {
    const h = await startHarness({ scalekitUrl: await ScalekitFake.closedPortUrl() });
    try {
      const sent = await h.slash('U0JANE', 'whoami');
      expect(sent.status).toBe(200);
      expect(sent.ackMs).toBeLessThan(3000);
      const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 20_000, 'unreachable reply');
      expect(textOf(reply.body)).toContain('Buildkite is unreachable right now, try again');
      expect(textOf(reply.body)).not.toMatch(/\bat .+\.(js|ts):\d+|ECONNREFUSED|UNAVAILABLE|\[unavailable\]/);
      // Still up: health answers and the next command is acknowledged.
      const health = await fetch(h.eventsUrl.replace('/slack/events', '/healthz'));
      expect(health.status).toBe(200);
      expect((await h.slash('U0JANE', 'help')).status).toBe(200);
    } finally {
      await h.stop();
    }
  }, 40_000);

  it('a stalled Scalekit: acks at once, then says Buildkite is unreachable', async () => {
    const h = await startHarness({ toolTimeoutMs: 10_000 });
    try {
      h.connect('U0JANE', 'Jane Doe');
      h.scalekit.setOutage('stall');
      const sent = await h.slash('U0JANE', 'whoami');
      expect(sent.status).toBe(200);
      expect(sent.ackMs).toBeLessThan(3000);
      const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 20_000, 'timeout reply');
      expect(textOf(reply.body)).toContain('Buildkite is unreachable right now, try again');
      h.scalekit.setOutage(null);
      const next = await h.slash('U0JANE', 'whoami');
      const answer = await h.slack.waitFor(() => h.slack.responseUrlPosts(next.responseUrl)[0], 10_000, 'recovered');
      expect(textOf(answer.body)).toContain('Jane Doe');
    } finally {
      await h.stop();
    }
  }, 40_000);
});

describe('every result envelope and tool-error form', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.connect('U0JANE', 'Jane Doe');
  });
  afterAll(async () => h.stop());
  afterEach(() => {
    h.scalekit.envelope = 'object';
    h.scalekit.toolErrors = 'exception';
  });

  for (const envelope of ['object', 'mcp', 'result-string', 'result-value'] as const) {
    it(`whoami works when Scalekit wraps results as ${envelope}`, async () => {
      h.scalekit.envelope = envelope;
      const sent = await h.slash('U0JANE', 'whoami');
      const answer = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000);
      expect(textOf(answer.body)).toContain('Jane Doe');
    });
  }

  it('a token without the scope gets Buildkite’s reason, in both error forms', async () => {
    h.connect('U0READER', 'Rita Reader', ['read_builds']);
    for (const mode of ['exception', 'data'] as const) {
      h.scalekit.toolErrors = mode;
      const sent = await h.slash('U0READER', 'whoami');
      const answer = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000);
      expect(textOf(answer.body)).toContain('Buildkite refused');
      expect(textOf(answer.body)).toContain('read_user');
    }
  });
});

describe('Block Kit limits in the Slack fake', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.stop());

  it("rejects a 51-block message sent with the bot's own WebClient, and accepts 50", async () => {
    const blocks = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `row ${i}` } }));
    await expect(h.bot.app.client.chat.postMessage({ channel: CHANNEL, text: 'x', blocks: blocks(51) })).rejects.toMatchObject({
      data: { ok: false, error: 'invalid_blocks' },
    });
    const ok = await h.bot.app.client.chat.postMessage({ channel: CHANNEL, text: 'x', blocks: blocks(50) });
    expect(ok.ok).toBe(true);
  });
});

describe('start-up configuration', () => {
  it('a missing SLACK_SIGNING_SECRET stops the bot with one readable message and a non-zero exit', () => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SCALEKIT_ENVIRONMENT_URL: 'http://127.0.0.1:9',
      SCALEKIT_CLIENT_ID: 'id',
      SCALEKIT_CLIENT_SECRET: 'secret',
      DOTENV_CONFIG_PATH: '/nonexistent/.env',
    };
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('SLACK_SIGNING_SECRET is required');
    expect(run.stderr).toContain('README.md, section "Configuration"');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(4);
  }, 40_000);
});
