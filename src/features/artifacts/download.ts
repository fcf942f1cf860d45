import type { ArtifactContent } from '../../buildkite/artifact-content.js';
import { fetchPresigned, mayFetch } from '../../buildkite/presigned-download.js';
import { MAX_DOWNLOAD_BYTES } from './artifacts-message.js';

/** A presigned download gets this long; a click's reply can wait (response_url lasts 30 minutes), a hung one cannot. */
export const PRESIGNED_TIMEOUT_MS = 30_000;

/** A link straight to the file in storage, valid for a short while. */
export interface DirectLink {
  url: string;
  expiresInSeconds?: number;
}

/** Why a file is linked instead of sent. */
export type NotSent =
  | { why: 'too_big'; size: number; direct?: DirectLink }
  | { why: 'unknown_size' }
  /** Buildkite hands it over only through its own API or website. */
  | { why: 'only_from_buildkite' }
  | { why: 'not_fetched'; problem: 'expired' | 'refused' | 'timeout' | 'unreachable' | 'not_allowed'; direct?: DirectLink };

export type ArtifactBytes = { ok: true; bytes: Buffer } | ({ ok: false } & NotSent);

/** Slack's link buttons take up to 3000 characters; presigned URLs are long but not that long. */
const directLink = (url: string, expiresInSeconds: number | undefined): DirectLink | undefined =>
  url.length <= 3000 && mayFetch(url) ? { url, ...(expiresInSeconds ? { expiresInSeconds } : {}) } : undefined;

/** The artifact's bytes, within the size Slack gets, whichever way Buildkite handed them over. */
export async function artifactBytes(content: ArtifactContent, maxBytes = MAX_DOWNLOAD_BYTES): Promise<ArtifactBytes> {
  if (content.kind === 'bytes') return content.bytes.length > maxBytes ? { ok: false, why: 'too_big', size: content.bytes.length } : { ok: true, bytes: content.bytes };
  if (content.kind === 'elsewhere') return content.fileSize !== undefined && content.fileSize > maxBytes ? { ok: false, why: 'too_big', size: content.fileSize } : { ok: false, why: 'only_from_buildkite' };
  const direct = directLink(content.url, content.expiresInSeconds);
  const withDirect = direct ? { direct } : {};
  if (content.fileSize !== undefined && content.fileSize > maxBytes) return { ok: false, why: 'too_big', size: content.fileSize, ...withDirect };
  const fetched = await fetchPresigned(content.url, { maxBytes, timeoutMs: PRESIGNED_TIMEOUT_MS });
  if (fetched.ok) return fetched;
  if (fetched.why === 'too_big') return fetched.size !== undefined ? { ok: false, why: 'too_big', size: fetched.size, ...withDirect } : { ok: false, why: 'unknown_size' };
  // A link that timed out here may still work in a browser; an expired or refused one will not.
  return { ok: false, why: 'not_fetched', problem: fetched.why, ...(fetched.why === 'timeout' ? withDirect : {}) };
}
