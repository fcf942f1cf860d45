/**
 * Fetching a presigned artifact URL (what a newer Buildkite MCP server's `get_artifact` hands back for
 * large or binary files). The URL carries its own signature: it is fetched with a plain GET and no
 * Authorization header (S3 refuses a second auth mechanism), within a size cap and a time limit, so a
 * slow or huge file costs neither memory nor a hung click.
 */

export type PresignedDownload =
  | { ok: true; bytes: Buffer }
  /** `size` is what the storage said (Content-Length) or what was read before giving up. */
  | { ok: false; why: 'too_big'; size?: number }
  | { ok: false; why: 'expired' | 'refused' | 'timeout' | 'unreachable' | 'not_allowed' };

export interface PresignedLimits {
  maxBytes: number;
  timeoutMs: number;
}

/** HTTPS only, but plain HTTP to this machine is allowed (a local S3 such as MinIO, or the sandbox's storage). */
export function mayFetch(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'https:' || (protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname));
  } catch {
    return false;
  }
}

export async function fetchPresigned(url: string, limits: PresignedLimits): Promise<PresignedDownload> {
  if (!mayFetch(url)) return { ok: false, why: 'not_allowed' };
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    // No headers of ours: the signature in the query is the only credential.
    const response = await fetch(url, { method: 'GET', signal });
    if (!response.ok) {
      const body = await response.text().catch(() => '');
      return { ok: false, why: response.status === 403 && /Request has expired/.test(body) ? 'expired' : 'refused' };
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, why: 'too_big', size: declared };
    }
    return await readCapped(response, limits.maxBytes);
  } catch (error) {
    return { ok: false, why: signal.aborted || (error instanceof Error && error.name === 'TimeoutError') ? 'timeout' : 'unreachable' };
  }
}

/** Reads the body, stopping as soon as it passes the cap (a missing or wrong Content-Length cannot overrun it). */
async function readCapped(response: Response, maxBytes: number): Promise<PresignedDownload> {
  if (!response.body) return { ok: true, bytes: Buffer.alloc(0) };
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early cancels the stream: the rest is never downloaded.
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > maxBytes) return { ok: false, why: 'too_big', size };
    chunks.push(Buffer.from(chunk));
  }
  return { ok: true, bytes: Buffer.concat(chunks, size) };
}
