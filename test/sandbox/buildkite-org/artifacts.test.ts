import { afterEach, describe, expect, it } from 'vitest';
import { ArtifactStorageFake } from '../../../src/sandbox/buildkite-org/artifact-storage.js';
import { demo, expectFailure, expectSortedKeys, type Json } from '../../harness/buildkite-org-fixture.js';

const WEB141 = { pipeline_slug: 'web', build_number: '141' };
const PRESIGNED_NOTE = 'Fetch download_url with a plain GET and no Authorization header (it is a presigned URL).';

/** The demo org answering as a newer server, with a build whose one job left these artifacts. */
function newerServer(artifacts: { path: string; content: string | Buffer; mimeType?: string; sizeUnknown?: boolean }[]) {
  const d = demo();
  d.org.server = '1.8';
  const build = d.org.addBuild({
    pipeline: 'web', state: 'passed', branch: 'main', commit: 'a'.repeat(40), message: 'Artifacts', creator: d.ids.users.priya.id,
    jobs: [{ name: 'Package', state: 'passed', exitStatus: 0, artifacts }],
  });
  const at = { pipeline_slug: 'web', build_number: String(build.number), job_id: build.jobIds[0]! };
  const items: Json[] = d.ok('list_artifacts_for_job', at).items;
  const get = (path: string): Json => d.ok('get_artifact', { ...at, artifact_id: items.find((a) => a.path === path).id });
  return { ...d, at, items, get };
}

describe('fake Buildkite org: artifacts as a newer server (v1.8 onwards) answers', () => {
  let storage: ArtifactStorageFake | undefined;
  afterEach(async () => {
    await storage?.stop();
    storage = undefined;
  });

  it('lists without download_url, url, dirname, glob_path or original_path', () => {
    const { ok, org } = demo();
    for (const server of ['1.8', '1.19'] as const) {
      org.server = server;
      const junit = ok('list_artifacts_for_build', WEB141).items[0];
      expect(Object.keys(junit)).toEqual(['file_size', 'filename', 'id', 'job_id', 'mime_type', 'path', 'sha1sum', 'state']);
    }
    org.server = '1.7';
    expect(ok('list_artifacts_for_build', WEB141).items[0]).toMatchObject({ download_url: expect.stringMatching(/\/download$/), dirname: 'test-results' });
  });

  it('returns small UTF-8 text inline, with the presigned URL beside it', async () => {
    storage = await new ArtifactStorageFake().start();
    const d = newerServer([{ path: 'coverage/summary.txt', content: 'covered 93% ✓', mimeType: 'text/plain; charset=utf-8' }]);
    d.org.artifactStorage = storage;
    const text = d.get('coverage/summary.txt');
    expectSortedKeys(text);
    expect(text).toMatchObject({ encoding: 'text', content: 'covered 93% ✓', filename: 'summary.txt', file_size: 15, mime_type: 'text/plain; charset=utf-8', download_url_auth: 'none', download_url_expires_in_seconds: 600 });
    expect(text.download_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+X-Amz-Expires=600/);
    expect(text.note).toBeUndefined();
  });

  it('gives a presigned URL for binary, HTML/XML, over-64-KiB text and text that is not UTF-8, with the server’s notes', async () => {
    storage = await new ArtifactStorageFake().start();
    const d = newerServer([
      { path: 'dist/app.tgz', content: Buffer.from([0x1f, 0x8b, 0x08, 0x00]) },
      { path: 'report.html', content: '<html></html>', mimeType: 'text/html' },
      { path: 'big.log', content: 'x'.repeat(65_537), mimeType: 'text/plain' },
      { path: 'exactly.log', content: 'y'.repeat(65_536), mimeType: 'text/plain' },
      { path: 'latin1.txt', content: Buffer.from([0x63, 0x61, 0x66, 0xe9]), mimeType: 'text/plain' },
      { path: 'liar.txt', content: 'z'.repeat(70_000), mimeType: 'text/plain', sizeUnknown: true },
    ]);
    d.org.artifactStorage = storage;
    const binary = d.get('dist/app.tgz');
    expect(binary).toMatchObject({ encoding: 'url', file_size: 4, filename: 'app.tgz', mime_type: 'application/octet-stream', download_url_auth: 'none' });
    expect(binary.content).toBeUndefined();
    expect(binary.note).toBe(`Artifact content was not returned inline. ${PRESIGNED_NOTE} It is short-lived (see download_url_expires_in_seconds); if it has expired, call get_artifact again for a fresh URL.`);
    expect(d.get('report.html').encoding).toBe('url');
    expect(d.get('big.log').encoding).toBe('url');
    expect(d.get('exactly.log')).toMatchObject({ encoding: 'text', file_size: 65_536 });
    expect(d.get('latin1.txt').note).toContain('not returned inline because it was not valid UTF-8.');
    expect(d.get('liar.txt')).toMatchObject({ encoding: 'url', file_size: 0 });
    expect(d.get('liar.txt').note).toContain('because it was larger than expected');
    // What a presigned URL serves is the artifact itself.
    const fetched = await fetch(binary.download_url);
    expect(Buffer.from(await fetched.arrayBuffer())).toEqual(Buffer.from([0x1f, 0x8b, 0x08, 0x00]));
  });

  it('without a presigned URL, points at the API endpoint that needs a token; a missing artifact is the REST body', () => {
    const d = newerServer([{ path: 'dist/app.tgz', content: Buffer.from([1, 2, 3]) }]);
    const binary = d.get('dist/app.tgz');
    expect(binary).toMatchObject({ encoding: 'url', download_url_auth: 'requires Buildkite API authentication', download_url_expires_in_seconds: 0 });
    expect(binary.download_url).toMatch(/^https:\/\/api\.buildkite\.com\/v2\/organizations\/acme\/.+\/download$/);
    expect(binary.note).toContain('requires your API token (Authorization: Bearer <token>)');
    expectFailure(d.call('get_artifact', { ...d.at, artifact_id: 'nope' }), 404, '{"message":"Not Found"}');
  });
});

describe('fake artifact storage (S3 behind presigned URLs)', () => {
  let storage: ArtifactStorageFake;
  const clock = { now: new Date('2026-06-10T12:00:00.000Z') };
  afterEach(async () => storage.stop());

  it('serves a presigned URL to a plain GET; refuses an Authorization header, a tampered URL and an expired one', async () => {
    storage = await new ArtifactStorageFake({ now: () => clock.now, expiresInSeconds: 60 }).start();
    const url = storage.presign({ key: 'acme/b/j/a/dist/app bin', content: Buffer.from('bytes'), mimeType: 'application/octet-stream' });
    const plain = await fetch(url);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('application/octet-stream');
    expect(await plain.text()).toBe('bytes');

    const withToken = await fetch(url, { headers: { Authorization: 'Bearer bkua_secret' } });
    expect(withToken.status).toBe(400);
    const refusal = await withToken.text();
    expect(refusal).toContain('<Code>InvalidArgument</Code>');
    expect(refusal).toContain('Only one auth mechanism allowed');

    const tampered = await fetch(url.replace('X-Amz-Expires=60', 'X-Amz-Expires=6000'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

    clock.now = new Date(clock.now.getTime() + 61_000);
    const late = await fetch(url);
    expect(late.status).toBe(403);
    expect(await late.text()).toMatch(/<Code>AccessDenied<\/Code><Message>Request has expired<\/Message><X-Amz-Expires>60<\/X-Amz-Expires>/);
    expect(storage.requests.map((r) => [r.authorization, r.status])).toEqual([[false, 200], [true, 400], [false, 403], [false, 403]]);
  });
});
