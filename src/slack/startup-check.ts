import { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';

/** Exit codes of sysexits.h, which process supervisors understand. */
const EX_UNAVAILABLE = 69;
const EX_CONFIG = 78;

/** What to do about each refusal of the bot token (shared with `npm run doctor`). */
export const TOKEN_HINTS: Record<string, string> = {
  invalid_auth: 'check SLACK_BOT_TOKEN: it is the xoxb-… Bot User OAuth Token under "OAuth & Permissions"',
  not_authed: 'SLACK_BOT_TOKEN is empty',
  token_revoked: 'the token was revoked: reinstall the app and copy its new Bot User OAuth Token into SLACK_BOT_TOKEN',
  account_inactive: 'the app was uninstalled or its workspace is gone: reinstall it and copy its new token into SLACK_BOT_TOKEN',
  not_allowed_token_type: 'SLACK_BOT_TOKEN must be the bot\'s xoxb-… token, not a user or app-level token',
  team_access_not_granted: 'the token has no access to this workspace: reinstall the app there',
};

/**
 * Asks Slack who the bot token is before the bot takes requests: a wrong or revoked token, or a Slack
 * that cannot be reached, is one readable line and a non-zero exit, never a running bot that fails
 * every request (or a stack trace).
 */
export async function checkSlackToken(botToken: string, apiUrl: string | undefined, logger: Logger): Promise<{ ok: true; team: string } | { ok: false; line: string; exitCode: number }> {
  const client = new WebClient(botToken, { ...(apiUrl ? { slackApiUrl: apiUrl } : {}), retryConfig: { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 1_000 }, timeout: 10_000, logger });
  try {
    const who = await client.auth.test();
    return { ok: true, team: String(who.team ?? who.team_id ?? '') };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code) return { ok: false, line: `Slack refused SLACK_BOT_TOKEN (${code}): ${TOKEN_HINTS[code] ?? 'check the token and the app’s installation'}.`, exitCode: EX_CONFIG };
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, line: `Slack could not be reached at ${apiUrl ?? 'https://slack.com/api/'} (${reason}): check the network${apiUrl ? ' and SLACK_API_URL' : ''}.`, exitCode: EX_UNAVAILABLE };
  }
}

/** What Slack answered a token: who it is and its scopes, Slack's refusal, or no answer at all. */
export type TokenAnswer =
  | { kind: 'accepted'; team: string; user: string; scopes?: string[] }
  | { kind: 'refused'; error: string }
  | { kind: 'unreachable'; reason: string };

/**
 * For `npm run doctor`: auth.test with the bot token, or apps.connections.open with the app-level one
 * (which only hands out a WebSocket URL; nothing connects to it). No retries, bounded by `timeoutMs`.
 */
export async function askSlackAbout(token: string, method: 'auth.test' | 'apps.connections.open', apiUrl: string, timeoutMs: number, logger: Logger): Promise<TokenAnswer> {
  const client = new WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, timeout: timeoutMs, logger, rejectRateLimitedCalls: true });
  try {
    const answer: { team?: string; user?: string; response_metadata?: { scopes?: string[] } } = method === 'auth.test' ? await client.auth.test() : await client.apps.connections.open();
    return { kind: 'accepted', team: String(answer.team ?? ''), user: String(answer.user ?? ''), ...(answer.response_metadata?.scopes ? { scopes: answer.response_metadata.scopes } : {}) };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code) return { kind: 'refused', error: code };
    return { kind: 'unreachable', reason: error instanceof Error ? error.message : String(error) };
  }
}
