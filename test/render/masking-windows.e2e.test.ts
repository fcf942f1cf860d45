import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, type Harness, startHarness, textOf } from '../harness/harness.js';
import { ask, clickPrivate, findButton, firstPost } from '../harness/interactions.js';

/**
 * Secrets whose first line is just above the lines shown (a YAML `key: |` header, a PEM header, a
 * `TOKEN=\` continuation), and the leak classes of a line on its own (a token glued to a word, JSON in a
 * JSON string, Bearer on the next line), on a card in a channel, across a `logs` page boundary and in
 * a search's context.
 */
const filler = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `step ${String(from + i).padStart(3, '0')} compiling module`);
const GHP = 'ghp_Q7wE9rT1yU3iO5pA7sD9fG1hJ3kL5zX7cV9b';

/** 40 lines; the card shows the last 15, so the YAML header (row 22) is above them and its value in them. */
const yamlJob = [
  ...filler(22),
  'signing_key: |', // row 22, not shown
  ...Array.from({ length: 5 }, (_, i) => `  yaml-block-s3cret-${i}`), // rows 23-27 (25-27 shown)
  'region: eu',
  `creds: X_${GHP}`,
  '"Value":"{\\"db_password\\":\\"card-nested-s3cret\\"}"',
  'Authorization: Bearer',
  'bearer-next-line-s3cret-9f8e7d',
  ...filler(7, 100),
];
/** A private key cut off by the job's end: its header (row 20) above the last 15, its short lines in them. */
const pemJob = [...filler(20), '-----BEGIN OPENSSH PRIVATE KEY-----', ...Array.from({ length: 19 }, (_, i) => `pemBodyLine${String(i).padStart(2, '0')}AbCdEfGhIjKlMn`)];
/** `export RELEASE_TOKEN=\` as the line just above the 15 shown. */
const continuationJob = [...filler(24), 'export RELEASE_TOKEN=\\', '  release-continued-s3cret', ...filler(14, 200)];

/** 120 rows: the tail page (rows 70-119) starts inside a YAML block, the page before inside a continuation. */
const pagedLog = [
  ...filler(19),
  'export DEPLOY_TOKEN=\\', // row 19: last row above the page of rows 20-69
  '  page-continued-s3cret', // row 20
  ...filler(47, 21),
  'private_key: |', // row 68
  '  page-block-s3cret-a', // row 69
  '  page-block-s3cret-b', // row 70: first row of the tail page
  '  page-block-s3cret-c',
  'region: eu',
  ...filler(27, 73),
  '"Value":"{\\"db_password\\":\\"logs-nested-s3cret\\"}"', // row 100
  'private_key: |', // row 101
  ...Array.from({ length: 6 }, (_, i) => `  search-ctx-s3cret-${i}`), // rows 102-107
  'Failure: expected 2 got 3', // row 108
  'Failure: expected 4 got 5', // row 109
  ...filler(10, 110),
];

describe('secrets starting above the lines shown, and leak classes, are masked where they are shown', () => {
  let h: Harness;
  let cardBuild: number;
  let pagedBuild: number;

  beforeAll(async () => {
    h = await startHarness();
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    cardBuild = h.org.addBuild({
      pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'Secrets', creator: jane,
      jobs: [
        { name: 'yaml', state: 'failed', exitStatus: 1, logLines: yamlJob },
        { name: 'pem', state: 'failed', exitStatus: 1, logLines: pemJob },
        { name: 'continuation', state: 'failed', exitStatus: 1, logLines: continuationJob },
      ],
    }).number;
    pagedBuild = h.org.addBuild({
      pipeline: 'web', state: 'failed', branch: 'main', commit: 'b'.repeat(40), message: 'Paged', creator: jane,
      jobs: [{ name: 'paged', state: 'failed', exitStatus: 1, logLines: pagedLog }],
    }).number;
  });
  afterAll(async () => h.stop());

  it('a card in the channel masks the value of a header it does not show, and each leak class', async () => {
    const before = h.slack.messages(CHANNEL).length;
    await h.slash('U0JANE', `build web ${cardBuild}`);
    const card = await h.slack.waitFor(() => h.slack.messages(CHANNEL).slice(before).find((m) => !m.thread_ts && textOf(m).includes('step 10')), 10_000, 'card');
    const text = textOf(card);
    // The card shows 15 lines of each job, and reads more above them to mask with them.
    expect(text).not.toContain('signing_key');
    expect(text).not.toContain('BEGIN OPENSSH');
    expect(text).not.toContain('RELEASE_TOKEN');
    for (const secret of ['yaml-block-s3cret-2', 'yaml-block-s3cret-4', 'pemBodyLine05', 'pemBodyLine18', 'release-continued-s3cret', GHP.slice(4), 'card-nested-s3cret', 'bearer-next-line-s3cret']) {
      expect(text, secret).not.toContain(secret);
    }
    expect(text).toContain('region: eu');
    expect(text).toContain('••••••');
    const tails = h.org.calls.filter((c) => c.tool === 'tail_logs').map((c) => (c.input as { tail: number }).tail);
    expect(tails.every((t) => t > 15)).toBe(true);
  });

  it('a logs page masks a secret that starts on the page before it (in the log’s order), the tail and More alike', async () => {
    const reply = await ask(h, 'U0JANE', `logs web ${pagedBuild}`);
    const [file] = h.slack.uploads(h.slack.dmChannelOf('U0JANE'));
    const tail = file ? file.content!.toString('utf8') : textOf(reply);
    expect(tail).toContain('step 119');
    expect(tail).not.toContain('private_key: |\n  page-block');
    expect(tail).not.toContain('page-block-s3cret-b');
    expect(tail).not.toContain('page-block-s3cret-c');
    expect(tail).not.toContain('logs-nested-s3cret');
    expect(textOf(reply)).toContain('Rows 71–120 of 120');

    const more = await clickPrivate(h, 'U0JANE', findButton(reply, 'logs_more'));
    const page = await firstPost(h, more.responseUrl, 'more');
    const uploads = h.slack.uploads(h.slack.dmChannelOf('U0JANE'));
    const earlier = uploads.length > 1 ? uploads.at(-1)!.content!.toString('utf8') : textOf(page);
    expect(textOf(page)).toContain('Rows 21–70');
    expect(earlier).toContain('step 021');
    expect(earlier).not.toContain('DEPLOY_TOKEN');
    expect(earlier).not.toContain('page-continued-s3cret');
    expect(earlier).not.toContain('page-block-s3cret-a');
  });

  it('search context masks a secret that starts before the context, and a match in another’s context is a match', async () => {
    const reply = await ask(h, 'U0JANE', `logs web ${pagedBuild} search:"expected" context:1`);
    const text = textOf(reply);
    expect(text).toContain('108: Failure: expected 2 got 3');
    expect(text).toContain('109: Failure: expected 4 got 5');
    expect(text).not.toContain('109-');
    expect(text).toContain('107-');
    expect(text).toContain('110-');
    expect(text).not.toContain('search-ctx-s3cret-5');
    expect(text).not.toContain('private_key');
    expect(text).not.toContain('106');
    const sent = h.org.calls.filter((c) => c.tool === 'search_logs').at(-1)!;
    expect(sent.input).toMatchObject({ before_context: 61, after_context: 1 });
  });
});
