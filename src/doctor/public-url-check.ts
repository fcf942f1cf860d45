import type { Config } from '../config.js';
import { type CheckRow, fail, ok } from './check-row.js';

const PUBLIC_URL = 'PUBLIC_URL';

/** `GET <PUBLIC_URL>/healthz` answers 200: the bot is reachable where Slack and browsers are sent. */
export async function checkPublicUrl(config: Config, publicUrl: string | undefined, timeoutMs: number): Promise<CheckRow[]> {
  if (publicUrl === undefined) {
    return [ok(PUBLIC_URL, config.slack.appToken ? 'not set (not needed in Socket Mode)' : 'not set (optional): the bot\'s public address was not checked')];
  }
  const url = `${publicUrl.replace(/\/+$/, '')}/healthz`;
  const fix = 'start the bot, and check that PUBLIC_URL reaches it (DNS, load balancer, TLS, PORT)';
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await response.body?.cancel();
    if (response.status === 200) return [ok(PUBLIC_URL, `${url} answered 200`)];
    return [fail(PUBLIC_URL, `${url} answered ${response.status}`, fix)];
  } catch (error) {
    return [fail(PUBLIC_URL, `${url}: ${fetchFailure(error, timeoutMs)}`, fix)];
  }
}

/** fetch's failure in words: refused, no answer in time, a name not found, TLS. */
function fetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND') return 'host not found';
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}
