import { z } from 'zod';

/**
 * `get_artifact` as Buildkite's MCP server answers it (buildkite-mcp-server pkg/buildkite/artifacts.go):
 *
 * - v1.7: `{data, encoding: "base64", status, statusCode}`: the whole file, whatever its size.
 * - v1.8 onwards (same at v1.19): `{encoding, mime_type, file_size, filename, download_url?,
 *   download_url_auth?, download_url_expires_in_seconds?, note?}` plus `content` when `encoding` is
 *   "text" (a text MIME type, at most 64 KiB, valid UTF-8). Otherwise `encoding` is "url": when
 *   `download_url_auth` is "none" the URL is presigned (S3), short-lived, and must be fetched with NO
 *   Authorization header; any other value ("requires Buildkite API authentication") is Buildkite's API
 *   endpoint, which needs the person's API token, which the bot never holds.
 */
export type ArtifactContent =
  | { kind: 'bytes'; bytes: Buffer }
  | { kind: 'presigned'; url: string; expiresInSeconds?: number; fileSize?: number }
  /** Only Buildkite can hand it over (its API endpoint, or no URL at all). */
  | { kind: 'elsewhere'; fileSize?: number };

const Base64Artifact = z.object({ data: z.string(), encoding: z.literal('base64').optional() });

const SizedArtifact = z.object({
  encoding: z.string(),
  file_size: z.number().nullish(),
  content: z.string().optional(),
  download_url: z.string().optional(),
  download_url_auth: z.string().optional(),
  download_url_expires_in_seconds: z.number().optional(),
});

/** Go writes 0 for a size Buildkite does not know: that is no size. */
const knownSize = (size: number | null | undefined) => (typeof size === 'number' && size > 0 ? { fileSize: size } : {});

function fromSized(answer: z.infer<typeof SizedArtifact>): ArtifactContent {
  if (answer.encoding === 'text' && answer.content !== undefined) return { kind: 'bytes', bytes: Buffer.from(answer.content, 'utf8') };
  if (answer.download_url && answer.download_url_auth === 'none') {
    const expires = answer.download_url_expires_in_seconds;
    return { kind: 'presigned', url: answer.download_url, ...(expires && expires > 0 ? { expiresInSeconds: expires } : {}), ...knownSize(answer.file_size) };
  }
  return { kind: 'elsewhere', ...knownSize(answer.file_size) };
}

export const ArtifactContent = z.union([
  Base64Artifact.transform((answer): ArtifactContent => ({ kind: 'bytes', bytes: Buffer.from(answer.data, 'base64') })),
  SizedArtifact.transform(fromSized),
]);
