import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactContent } from '../../../src/buildkite/artifact-content.js';
import { fetchPresigned, mayFetch } from '../../../src/buildkite/presigned-download.js';
import { artifactBytes } from '../../../src/features/artifacts/download.js';
import { artifactNotSent } from '../../../src/features/artifacts/artifacts-message.js';
import { ArtifactStorageFake } from '../../../src/sandbox/buildkite-org/artifact-storage.js';

const parse = (answer: unknown) => ArtifactContent.parse(answer);

describe('get_artifact answers, every server version', () => {
  it('v1.7: the whole file, base64-encoded', () => {
    const content = parse({ data: Buffer.from('covered 93%').toString('base64'), encoding: 'base64', status: '200 OK', statusCode: 200 });
    expect(content.kind === 'bytes' && content.bytes.toString()).toBe('covered 93%');
  });

  it('v1.8+: text inline (the download URL beside it is not needed)', () => {
    const content = parse({ encoding: 'text', content: 'ok ✓', file_size: 6, filename: 'a.txt', mime_type: 'text/plain', download_url: 'https://x.test/a', download_url_auth: 'none', download_url_expires_in_seconds: 600 });
    expect(content.kind === 'bytes' && content.bytes.toString('utf8')).toBe('ok ✓');
  });

  it('v1.8+: a presigned URL (auth "none") with its expiry and size; Go’s 0 size is no size', () => {
    const url = 'https://buildkiteartifacts.com/a?X-Amz-Signature=s';
    expect(parse({ encoding: 'url', file_size: 2048, filename: 'a.tgz', mime_type: 'application/gzip', download_url: url, download_url_auth: 'none', download_url_expires_in_seconds: 600, note: '…' }))
      .toEqual({ kind: 'presigned', url, expiresInSeconds: 600, fileSize: 2048 });
    expect(parse({ encoding: 'url', file_size: 0, download_url: url, download_url_auth: 'none', download_url_expires_in_seconds: 60 })).toEqual({ kind: 'presigned', url, expiresInSeconds: 60 });
  });

  it('v1.8+: an API endpoint that needs a token, or no URL at all, is only Buildkite’s to hand over', () => {
    expect(parse({ encoding: 'url', file_size: 5, download_url: 'https://api.buildkite.com/v2/…/download', download_url_auth: 'requires Buildkite API authentication', download_url_expires_in_seconds: 0 }))
      .toEqual({ kind: 'elsewhere', fileSize: 5 });
    expect(parse({ encoding: 'url', file_size: 5, filename: 'a', mime_type: 'x/y', note: 'no download URL was available.' })).toEqual({ kind: 'elsewhere', fileSize: 5 });
  });

  it('anything else is not understood', () => {
    expect(ArtifactContent.safeParse({ message: 'Not Found' }).success).toBe(false);
    expect(ArtifactContent.safeParse({ data: 42 }).success).toBe(false);
  });
});

describe('a presigned download', () => {
  let storage: ArtifactStorageFake;
  let hanging: Server;
  let hangingUrl: string;
  beforeAll(async () => {
    storage = await new ArtifactStorageFake().start();
    hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', () => resolve()));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/a?X-Amz-Signature=s`;
  });
  afterAll(async () => {
    await storage.stop();
    hanging.closeAllConnections();
    await new Promise<void>((resolve) => hanging.close(() => resolve()));
  });
  const put = (content: Buffer) => storage.presign({ key: `k/${Math.random()}`, content, mimeType: 'application/octet-stream' });

  it('is a plain GET without an Authorization header, within the size cap', async () => {
    const before = storage.requests.length;
    const got = await fetchPresigned(put(Buffer.from('bytes')), { maxBytes: 10, timeoutMs: 5_000 });
    expect(got.ok && got.bytes.toString()).toBe('bytes');
    expect(storage.requests.slice(before)).toEqual([expect.objectContaining({ authorization: false, status: 200 })]);
  });

  it('stops at the cap, and says what the storage refused or when it took too long', async () => {
    expect(await fetchPresigned(put(Buffer.alloc(11)), { maxBytes: 10, timeoutMs: 5_000 })).toEqual({ ok: false, why: 'too_big', size: 11 });
    const tampered = put(Buffer.from('x')).replace(/X-Amz-Signature=\w+/, 'X-Amz-Signature=00');
    expect(await fetchPresigned(tampered, { maxBytes: 10, timeoutMs: 5_000 })).toEqual({ ok: false, why: 'refused' });
    expect(await fetchPresigned(hangingUrl, { maxBytes: 10, timeoutMs: 200 })).toEqual({ ok: false, why: 'timeout' });
    expect(await fetchPresigned('http://example.test/a', { maxBytes: 10, timeoutMs: 200 })).toEqual({ ok: false, why: 'not_allowed' });
    expect(mayFetch('https://buildkiteartifacts.com/a')).toBe(true);
    expect(mayFetch('file:///etc/passwd')).toBe(false);
  });

  it('an expired link is said to be expired', async () => {
    const clock = { now: new Date() };
    const old = await new ArtifactStorageFake({ now: () => clock.now, expiresInSeconds: 60 }).start();
    try {
      const url = old.presign({ key: 'k/old', content: Buffer.from('x'), mimeType: 'text/plain' });
      clock.now = new Date(clock.now.getTime() + 120_000);
      expect(await artifactBytes({ kind: 'presigned', url, expiresInSeconds: 60 })).toEqual({ ok: false, why: 'not_fetched', problem: 'expired' });
    } finally {
      await old.stop();
    }
  });

  it('artifactBytes: sends what fits, links what does not (with the direct link when it may still work)', async () => {
    const small = await artifactBytes({ kind: 'presigned', url: put(Buffer.from('small')), fileSize: 5 }, 10);
    expect(small.ok && small.bytes.toString()).toBe('small');
    const url = put(Buffer.alloc(20));
    expect(await artifactBytes({ kind: 'presigned', url, fileSize: 20, expiresInSeconds: 600 }, 10)).toEqual({ ok: false, why: 'too_big', size: 20, direct: { url, expiresInSeconds: 600 } });
    // A size the answer did not give is found out while reading, and reading stops there.
    expect(await artifactBytes({ kind: 'presigned', url }, 10)).toMatchObject({ ok: false, why: 'too_big', direct: { url } });
    expect(await artifactBytes({ kind: 'bytes', bytes: Buffer.alloc(11) }, 10)).toEqual({ ok: false, why: 'too_big', size: 11 });
    expect(await artifactBytes({ kind: 'elsewhere', fileSize: 3 }, 10)).toEqual({ ok: false, why: 'only_from_buildkite' });
  });

  it('the linked message escapes the file name and offers the direct link as a button', () => {
    const message = artifactNotSent('<!channel>.tgz', { why: 'too_big', size: 20 * 1024 * 1024, direct: { url: 'https://s3.test/a?X-Amz-Signature=s', expiresInSeconds: 600 } }, 'https://buildkite.com/acme/web/builds/1#j');
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('&lt;!channel&gt;.tgz');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('is 20 MB, over the 10 MB I send through Slack');
    expect(text).toContain('<https://buildkite.com/acme/web/builds/1#j|download it from Buildkite>');
    expect(text).toContain('"url":"https://s3.test/a?X-Amz-Signature=s"');
    expect(text).toContain('works for about 10 minutes');
  });
});
