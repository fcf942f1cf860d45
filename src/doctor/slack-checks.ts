import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { manifestBotScopes } from '../slack/manifest-scopes.js';
import { askSlackAbout, TOKEN_HINTS } from '../slack/startup-check.js';
import { type CheckRow, fail, ok, warn } from './check-row.js';
import { scopeNeed } from './scope-needs.js';

const TOKEN = 'Slack token';
const SCOPES = 'Slack scopes';
const reinstall = (missing: number) =>
  `add ${missing === 1 ? 'it' : 'them'} under OAuth & Permissions → Bot Token Scopes (or paste \`npm run manifest\`'s manifest), then reinstall the app and copy the new SLACK_BOT_TOKEN`;

/** auth.test with SLACK_BOT_TOKEN, and its scopes (Slack's `x-oauth-scopes`) against manifest.yml's. */
export async function checkBotToken(config: Config, timeoutMs: number, logger: Logger): Promise<CheckRow[]> {
  const answer = await askSlackAbout(config.slack.botToken, 'auth.test', config.slack.apiUrl, timeoutMs, logger);
  if (answer.kind === 'unreachable') {
    const fix = `check the network${config.slack.apiUrl.startsWith('https://slack.com/') ? '' : ' and SLACK_API_URL'}`;
    return [fail(TOKEN, `Slack not reachable at ${config.slack.apiUrl} (${answer.reason})`, fix), warn(SCOPES, 'not checked: Slack did not answer', 'see Slack token')];
  }
  if (answer.kind === 'refused') {
    return [fail(TOKEN, `Slack refused SLACK_BOT_TOKEN: ${answer.error}`, TOKEN_HINTS[answer.error] ?? 'check the token and the app’s installation'), warn(SCOPES, 'not checked: the token was refused', 'see Slack token')];
  }
  return [ok(TOKEN, `workspace ${answer.team}, bot user @${answer.user}`), scopesRow(answer.scopes)];
}

/** Pure: the token's scopes against what manifest.yml asks for. */
export function scopesRow(granted: string[] | undefined, needed: string[] = manifestBotScopes()): CheckRow {
  if (granted === undefined) return warn(SCOPES, 'Slack did not state the token\'s scopes (no x-oauth-scopes header)', 'compare OAuth & Permissions → Bot Token Scopes with manifest.yml by hand');
  const missing = needed.filter((scope) => !granted.includes(scope));
  const extra = granted.filter((scope) => !needed.includes(scope));
  if (missing.length > 0) {
    return fail(SCOPES, `missing ${missing.map((scope) => `${scope} (${scopeNeed(scope)})`).join('; ')}`, reinstall(missing.length));
  }
  return ok(SCOPES, `all ${needed.length} of manifest.yml${extra.length > 0 ? `; also granted, unused: ${extra.join(', ')}` : ''}`);
}

const SIGNING = 'Signing secret';
const SOCKET = 'Socket Mode';
/** Slack's signing secrets: 32 lowercase hexadecimal characters. */
const SIGNING_SECRET_SHAPE = /^[0-9a-f]{32}$/;

/** HTTP mode: SLACK_SIGNING_SECRET's shape (never its value). Socket Mode: apps.connections.open with SLACK_APP_TOKEN. */
export async function checkSlackDelivery(config: Config, timeoutMs: number, logger: Logger, env: Record<string, string | undefined>): Promise<CheckRow[]> {
  const appToken = config.slack.appToken;
  if (appToken === undefined) return [signingSecretRow(config.slack.signingSecret, env.SLACK_CLIENT_SECRET?.trim())];
  const answer = await askSlackAbout(appToken, 'apps.connections.open', config.slack.apiUrl, timeoutMs, logger);
  if (answer.kind === 'accepted') return [ok(SOCKET, 'SLACK_APP_TOKEN opens a Socket Mode connection')];
  if (answer.kind === 'unreachable') return [fail(SOCKET, `Slack not reachable at ${config.slack.apiUrl} (${answer.reason})`, 'check the network')];
  return [fail(SOCKET, `Slack refused SLACK_APP_TOKEN: ${answer.error}`, appTokenHint(answer.error))];
}

function appTokenHint(error: string): string {
  if (error === 'not_allowed_token_type' || error === 'missing_scope') return 'SLACK_APP_TOKEN must be an app-level token with connections:write (Basic Information → App-Level Tokens)';
  return 'create an app-level token with connections:write under Basic Information → App-Level Tokens and put it in SLACK_APP_TOKEN';
}

/**
 * Pure: what SLACK_SIGNING_SECRET looks like; the value itself is never shown. A variable's name ends
 * its clause in these words: the printed table is masked, and a name followed by a word reads as an assignment.
 */
export function signingSecretRow(secret: string | undefined, clientSecret?: string): CheckRow {
  const fix = 'copy the Signing Secret (not the Client Secret, not a token) from Basic Information → App Credentials into SLACK_SIGNING_SECRET';
  if (secret === undefined) return fail(SIGNING, 'HTTP mode and no SLACK_SIGNING_SECRET', `${fix}, or set SLACK_APP_TOKEN for Socket Mode`);
  if (/^xox[a-z]-|^xapp-/.test(secret)) return fail(SIGNING, 'a Slack token, not the signing secret, is set as SLACK_SIGNING_SECRET', fix);
  if (clientSecret !== undefined && secret === clientSecret) return fail(SIGNING, 'the same value is set in SLACK_CLIENT_SECRET, and in SLACK_SIGNING_SECRET', fix);
  // Only a signed request can prove a secret right or wrong: an unusual shape is a doubt, not a failure.
  if (!SIGNING_SECRET_SHAPE.test(secret)) return warn(SIGNING, `the signing secret is ${secret.length} characters, not 32 lowercase hex as Slack's are (SLACK_SIGNING_SECRET)`, fix);
  return ok(SIGNING, 'set, 32 hex characters (HTTP mode)');
}
