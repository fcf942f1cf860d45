import type { FetchFunction } from '@slack/web-api';

type FetchResponse = Awaited<ReturnType<FetchFunction>>;

// Slack says "slow down" in two ways: HTTP 429 with Retry-After, which the WebClient waits out and
// retries, and HTTP 200 with `{ok: false, error: "ratelimited"}` (or chat.postMessage's
// `rate_limited`, "posted too many messages"), which the WebClient (@slack/web-api 7–8) throws as a
// platform error at once: a card lost to it would never be posted. This fetch hands the WebClient the
// second kind as the first, so both are retried alike, with its own bounded retries and request queue.

/** When Slack's 200 carries no Retry-After: one second, its per-channel posting pace. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

/** `ratelimited` bodies are a few dozen bytes; a larger answer is never one and is not read twice. */
const MAX_RATE_LIMIT_BODY = 2048;

const RATE_LIMIT_ERRORS = new Set(['ratelimited', 'rate_limited']);

/** Whether a 200 from a Web API method is Slack's rate limit in words. */
async function isRateLimitAnswer(response: Response): Promise<boolean> {
  if (response.status !== 200) return false;
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  if (length > MAX_RATE_LIMIT_BODY) return false;
  const text = await response.clone().text();
  if (text.length > MAX_RATE_LIMIT_BODY || !text.includes('rate')) return false;
  try {
    const body = JSON.parse(text) as { ok?: unknown; error?: unknown };
    return body.ok === false && typeof body.error === 'string' && RATE_LIMIT_ERRORS.has(body.error);
  } catch {
    return false;
  }
}

/** The same answer as the 429 the WebClient knows how to wait out. */
function asTooManyRequests(response: Response, body: string): Response {
  const headers = new Headers(response.headers);
  const retryAfter = Number.parseInt(headers.get('retry-after') ?? '', 10);
  headers.set('retry-after', String(Number.isNaN(retryAfter) || retryAfter < 0 ? DEFAULT_RETRY_AFTER_SECONDS : retryAfter));
  headers.delete('content-length');
  return new Response(body, { status: 429, statusText: 'Too Many Requests', headers });
}

/** A Web API method's name after the base URL (`chat.postMessage`), not a response_url or an upload URL. */
const METHOD_NAME = /^[a-zA-Z]+(?:\.[a-zA-Z]+)+$/;

export interface RateLimitAwareOptions {
  base?: typeof fetch;
  /** Told of each rate limit met (a 429, or the 200 that says it), by Web API method. */
  rateLimited?: (method: string) => void;
}

/** `apiUrl`: Slack's Web API base (SLACK_API_URL); other addresses (response_urls, file uploads) pass untouched. */
export function rateLimitAwareFetch(apiUrl: string, options: RateLimitAwareOptions = {}): FetchFunction {
  const { base = globalThis.fetch, rateLimited = () => undefined } = options;
  return async (url, init) => {
    const response = await base(url, init as RequestInit);
    const address = String(url);
    const method = address.startsWith(apiUrl) ? address.slice(apiUrl.length) : '';
    if (!METHOD_NAME.test(method)) return response as FetchResponse;
    if (response.status === 429) {
      rateLimited(method);
      return response as FetchResponse;
    }
    if (!(await isRateLimitAnswer(response))) return response as FetchResponse;
    rateLimited(method);
    return asTooManyRequests(response, await response.text()) as FetchResponse;
  };
}
