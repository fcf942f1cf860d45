import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from '../../harness/harness.js';
import { ask, buttons, clickPrivate, firstPost } from '../../harness/interactions.js';

const MB = 1024 * 1024;

/**
 * Download on every shape of Buildkite's MCP server: v1.7 hands over the file base64-encoded; from v1.8
 * small text comes inline and anything else as a presigned storage URL, fetched with no Authorization
 * header and sent by DM when it fits, else linked.
 */
describe('Download, whichever Buildkite MCP server answers', () => {
  let h: Harness;
  let number: number;

  beforeAll(async () => {
    h = await startHarness();
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'app', name: 'App' });
    number = h.org.addBuild({
      pipeline: 'app', state: 'passed', branch: 'main', commit: 'd'.repeat(40), message: 'Release', creator: jane,
      jobs: [{
        name: 'Package', state: 'passed', exitStatus: 0,
        artifacts: [
          { path: 'coverage/summary.txt', content: 'covered 93% ✓', mimeType: 'text/plain' },
          { path: 'dist/app.tgz', content: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]), mimeType: 'application/gzip' },
          { path: 'dist/<huge>.iso', content: Buffer.alloc(11 * MB, 7), mimeType: 'application/octet-stream' },
          { path: 'core.dump', content: Buffer.alloc(12 * MB), sizeUnknown: true },
        ],
      }],
    }).number;
  });
  afterAll(async () => h.stop());

  /** Lists the build's artifacts and clicks Download on one; returns the private reply and what reached the DM. */
  async function download(path: string) {
    const listed = await ask(h, 'U0JANE', `artifacts app ${number}`);
    const shown = path.replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const row = (listed.blocks as { text?: { text: string }; accessory?: { action_id: string } }[]).find((block) => block.text?.text.includes(`\`${shown}\``));
    const button = buttons(listed).find((b) => b.action_id === row?.accessory?.action_id);
    expect(button, `Download of ${path}`).toBeDefined();
    const uploadsBefore = h.slack.uploads().length;
    const storageBefore = h.storage.requests.length;
    const clicked = await clickPrivate(h, 'U0JANE', button!);
    const reply = await firstPost(h, clicked.responseUrl, `download of ${path}`);
    const name = path.split('/').pop()!;
    return {
      reply,
      text: textOf(reply),
      file: h.slack.uploads(h.slack.dmChannelOf('U0JANE')).find((f) => f.filename === name),
      uploaded: h.slack.uploads().length - uploadsBefore,
      storage: h.storage.requests.slice(storageBefore),
    };
  }

  it('v1.7: the base64 bytes are sent by DM', async () => {
    h.org.server = '1.7';
    const got = await download('dist/app.tgz');
    expect(got.text).toContain('Sent `app.tgz` (7 B) to you in our direct messages');
    expect(got.file?.content).toEqual(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    expect(got.storage).toEqual([]);
  });

  it('v1.8+: small text comes inline and is sent by DM without touching storage', async () => {
    h.org.server = '1.8';
    const got = await download('coverage/summary.txt');
    expect(got.text).toContain('Sent `summary.txt` (15 B)');
    expect(got.file?.content?.toString('utf8')).toBe('covered 93% ✓');
    expect(got.storage).toEqual([]);
  });

  it('v1.8+ (here v1.19): a binary comes as a presigned URL, fetched with no Authorization header, and is sent by DM', async () => {
    h.org.server = '1.19';
    const got = await download('dist/app.tgz');
    expect(got.text).toContain('Sent `app.tgz` (7 B)');
    expect(got.file?.content).toEqual(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    expect(got.storage).toEqual([expect.objectContaining({ authorization: false, status: 200 })]);
  });

  it('v1.8+: one over 10 MB is linked (Buildkite, and the direct link as a button), never fetched nor uploaded', async () => {
    h.org.server = '1.8';
    const got = await download('dist/<huge>.iso');
    expect(got.text).toContain('`&lt;huge&gt;.iso` is 11 MB, over the 10 MB I send through Slack');
    expect(got.text).toContain('|download it from Buildkite>');
    const direct = buttons(got.reply).find((b) => b.action_id === 'artifact_direct_link') as { url?: string } | undefined;
    expect(direct?.url).toContain(h.storage.url);
    expect(got.text).toContain('works for about 10 minutes');
    expect(got.uploaded).toBe(0);
    expect(got.storage).toEqual([]);
    // The link works for the person (a browser sends no Authorization header).
    expect((await fetch(direct!.url!)).status).toBe(200);
  });

  it('v1.8+: one Buildkite has no size for is asked of storage, whose size (Content-Length) is heeded: linked, not uploaded', async () => {
    h.org.server = '1.8';
    const got = await download('core.dump');
    expect(got.text).toContain('`core.dump` is 12 MB, over the 10 MB I send through Slack');
    expect(got.uploaded).toBe(0);
    expect(got.storage).toEqual([expect.objectContaining({ authorization: false })]);
  });
});
