import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
