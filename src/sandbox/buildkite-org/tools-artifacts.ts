/**
 * The artifact tools, as buildkite-mcp-server's pkg/buildkite/artifacts.go answers them.
 *
 * v1.7.0: the lists give go-buildkite's whole `Artifact`; `get_artifact` downloads the bytes and
 * returns them base64-encoded (`{data, encoding: "base64", status, statusCode}`) whatever their size.
 * v1.8.0 (unchanged to v1.19.0): the lists give a projection without `download_url`, `url`, `dirname`,
 * `glob_path`, `original_path`; `get_artifact` reads the artifact's metadata, resolves the download
 * redirect to a presigned URL, and returns text of a text MIME type up to 64 KiB inline
 * (`encoding: "text"`, `content`); anything else `encoding: "url"` with a `note`.
 */
import { createHash } from 'node:crypto';
import type { ToolContext, ToolHandlers } from './context.js';
import { ToolFailure } from './errors.js';
import { strOpt } from './json.js';
import type { ArtifactRecord } from './model.js';
import { paginate } from './paginate.js';
import { artifactShape } from './shapes-outputs.js';
import { expiresInSecondsOf } from './artifact-storage.js';
import { isNewerServer } from './server-versions.js';

/** `textArtifactInlineLimit` in the server: 64 KiB. */
export const TEXT_INLINE_LIMIT = 65_536;

const newerServer = (ctx: ToolContext) => isNewerServer(ctx.server);

/** v1.8's `artifactListItem`: every field omitempty. */
function artifactListItem(a: ArtifactRecord): Record<string, unknown> {
  const size = a.sizeUnknown ? 0 : a.content.length;
  const slash = a.path.lastIndexOf('/');
  return {
    id: a.id,
    job_id: a.jobId,
    state: strOpt(a.state),
    path: strOpt(a.path),
    filename: strOpt(slash >= 0 ? a.path.slice(slash + 1) : a.path),
    mime_type: strOpt(a.mimeType),
    file_size: size > 0 ? size : undefined,
    sha1sum: createHash('sha1').update(a.content).digest('hex'),
  };
}

const listItem = (ctx: ToolContext) => (a: ArtifactRecord) => (newerServer(ctx) ? artifactListItem(a) : artifactShape(ctx.store, a));

/** `isTextMIMEType`: text/* and JSON/YAML/scripts are text; HTML and XML are not (they go by URL). */
export function isTextMimeType(mimeType: string): boolean {
  const bare = mimeType.split(';')[0]!.trim().toLowerCase();
  if (['text/html', 'text/xml', 'application/xml', 'application/xhtml+xml'].includes(bare) || bare.endsWith('+xml')) return false;
  if (bare.startsWith('text/') || bare.endsWith('+json')) return true;
  return ['application/json', 'application/yaml', 'application/x-yaml', 'application/javascript', 'application/x-javascript', 'application/x-sh', 'application/x-ndjson'].includes(bare);
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export const artifactTools: Pick<ToolHandlers, 'list_artifacts_for_build' | 'list_artifacts_for_job' | 'get_artifact'> = {
  list_artifacts_for_build(ctx, input) {
    const { store } = ctx;
    const build = store.build(input.pipeline_slug, input.build_number);
    const artifacts = [...store.artifacts.values()].filter((a) => a.buildId === build.id);
    const page = paginate(artifacts, input, 100, `${store.buildApiUrl(build)}/artifacts`);
    return { headers: page.headers, items: page.items.map(listItem(ctx)) };
  },

  list_artifacts_for_job(ctx, input) {
    const { store } = ctx;
    const build = store.build(input.pipeline_slug, input.build_number);
    const job = store.job(build, input.job_id);
    const artifacts = [...store.artifacts.values()].filter((a) => a.jobId === job.id);
    const page = paginate(artifacts, input, 100, `${store.buildApiUrl(build)}/jobs/${job.id}/artifacts`);
    return { headers: page.headers, items: page.items.map(listItem(ctx)) };
  },

  get_artifact(ctx, input) {
    return newerServer(ctx) ? getArtifactNewer(ctx, input) : getArtifact17(ctx, input);
  },
};

type GetArtifactInput = Parameters<ToolHandlers['get_artifact']>[1];

/** v1.7 downloads directly, so failures read like the HTTP client's error, not a REST body. */
function getArtifact17(ctx: ToolContext, input: GetArtifactInput): unknown {
  const { store } = ctx;
  const url = `${store.pipelineApiUrl(input.pipeline_slug)}/builds/${input.build_number}/jobs/${input.job_id}/artifacts/${input.artifact_id}/download`;
  try {
    const artifact = findArtifact(ctx, input);
    return { data: artifact.content.toString('base64'), encoding: 'base64', status: '200 OK', statusCode: 200 };
  } catch (error) {
    if (error instanceof ToolFailure && error.status === 404) {
      throw new ToolFailure(404, `response failed with error GET ${url}: 404 Not Found`);
    }
    throw error;
  }
}

/** v1.8+: the metadata first (a REST refusal comes back as its body), then inline text or a URL. */
function getArtifactNewer(ctx: ToolContext, input: GetArtifactInput): unknown {
  const artifact = findArtifact(ctx, input);
  const download = downloadUrl(ctx, artifact);
  // REST's null size reaches the server as Go's 0, which counts as an empty file and is inlined (capped).
  const fileSize = artifact.sizeUnknown ? 0 : artifact.content.length;
  const base = {
    mime_type: artifact.mimeType,
    file_size: fileSize,
    filename: artifact.path.slice(artifact.path.lastIndexOf('/') + 1),
    ...(download && { download_url: download.url, download_url_auth: download.auth, download_url_expires_in_seconds: download.expiresInSeconds }),
  };
  const byUrl = (reason: string) => ({ ...base, encoding: 'url', note: urlNote(reason, download?.auth) });
  if (!isTextMimeType(artifact.mimeType) || fileSize > TEXT_INLINE_LIMIT) return byUrl('');
  if (artifact.content.length > TEXT_INLINE_LIMIT) return byUrl(' because it was larger than expected');
  if (!isUtf8(artifact.content)) return byUrl(' because it was not valid UTF-8');
  return { ...base, encoding: 'text', content: artifact.content.toString('utf8') };
}

function findArtifact(ctx: ToolContext, input: GetArtifactInput): ArtifactRecord {
  const { store } = ctx;
  const build = store.build(input.pipeline_slug, input.build_number);
  const job = store.job(build, input.job_id);
  const artifact = store.artifacts.get(input.artifact_id);
  if (!artifact || artifact.jobId !== job.id) throw new ToolFailure(404, JSON.stringify({ message: 'Not Found' }));
  return artifact;
}

/**
 * `artifactDownloadURL`: Buildkite's download endpoint redirects to a presigned URL (auth "none",
 * expiry from X-Amz-Expires); when that cannot be resolved, the artifact's own API `download_url`,
 * which needs the caller's API token (expiry 0).
 */
function downloadUrl(ctx: ToolContext, artifact: ArtifactRecord): { url: string; auth: string; expiresInSeconds: number } | undefined {
  const { store } = ctx;
  const build = store.buildById(artifact.buildId);
  if (ctx.artifactStorage && build) {
    const key = `${store.org.slug}/${build.id}/${artifact.jobId}/${artifact.id}/${artifact.path}`;
    const url = ctx.artifactStorage.presign({ key, content: artifact.content, mimeType: artifact.mimeType });
    return { url, auth: 'none', expiresInSeconds: expiresInSecondsOf(url) };
  }
  const apiUrl = artifactShape(store, artifact).download_url;
  return typeof apiUrl === 'string' && apiUrl ? { url: apiUrl, auth: 'requires Buildkite API authentication', expiresInSeconds: 0 } : undefined;
}

/** `urlArtifactResult`'s notes, word for word. */
function urlNote(reason: string, auth: string | undefined): string {
  if (!auth) return `Artifact content was not returned inline${reason}, and no download URL was available.`;
  if (auth === 'none') {
    return `Artifact content was not returned inline${reason}. Fetch download_url with a plain GET and no Authorization header (it is a presigned URL). It is short-lived (see download_url_expires_in_seconds); if it has expired, call get_artifact again for a fresh URL.`;
  }
  return `Artifact content was not returned inline${reason}. Use download_url to fetch it directly; it is an authenticated Buildkite API endpoint and requires your API token (Authorization: Bearer <token>).`;
}
