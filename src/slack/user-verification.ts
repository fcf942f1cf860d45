import { z } from 'zod';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import type { Gateway, LinkVerification } from '../scalekit/gateway.js';

// Scalekit user verification with Sign in with Slack. An authorization link carries a signed state
// naming the Slack user it was sent to. After Buildkite's OAuth, Scalekit sends the browser to
// `/scalekit/verify`; the bot signs that browser in with Slack (OpenID Connect) and activates the
// connection only when Slack says the browser's user is the one the link was for. A forwarded link
// completed by someone else stays unverified and never acts.

/** The part of Sign in with Slack's userInfo the verification reads. */
const OpenIdUser = z.object({ 'https://slack.com/user_id': z.string().optional() });

const VERIFY_PATH = '/scalekit/verify';
const OIDC_CALLBACK_PATH = '/slack/oidc';
const COOKIE = 'bk_verify';
const STATE_TTL_MS = 30 * 60_000;

export interface UserVerificationSettings {
  publicUrl: string;
  slackClientId: string;
  slackClientSecret: string;
  /** Slack's Web API base (`https://slack.com/api/`); the OIDC authorize page is beside it. */
  slackApiUrl: string;
}

interface LinkState {
  /** The Slack user the link was sent to. */
  u: string;
  /** Expiry, epoch ms. */
  e: number;
}

interface SignInState extends LinkState {
  /** Scalekit's auth_request_id. */
  a: string;
  /** SHA-256 of the nonce in this browser's cookie: the sign-in must finish where it began. */
  n: string;
}

export class UserVerification {
  private readonly slack: WebClient;

  constructor(
    private readonly settings: UserVerificationSettings,
    private readonly gateway: Gateway,
    private readonly logger: Logger,
    /** The connection was activated: its link is used and must never be offered again. */
    private readonly onVerified: (userId: string) => Promise<void> = async () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.slack = new WebClient(undefined, { slackApiUrl: settings.slackApiUrl, logger });
  }

  /** What an authorization link for `userId` asks Scalekit for. */
  linkVerification(userId: string): LinkVerification {
    const expires = this.now() + STATE_TTL_MS;
    return { userVerifyUrl: `${this.settings.publicUrl}${VERIFY_PATH}`, state: this.sign({ u: userId, e: expires }), expiresAt: new Date(expires) };
  }

  /** Handles the two browser routes; false for any other request. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET') return false;
    const url = new URL(req.url ?? '/', 'http://bot');
    if (url.pathname === VERIFY_PATH) {
      this.startSignIn(url, res);
      return true;
    }
    if (url.pathname === OIDC_CALLBACK_PATH) {
      this.finishSignIn(req, url, res).catch((error: unknown) => {
        this.logger.warn(`user verification failed: ${error instanceof Error ? error.message : String(error)}`);
        page(res, 502, 'Something went wrong', 'The connection could not be verified. Run /buildkite connect in Slack to get a new link.');
      });
      return true;
    }
    return false;
  }

  /** Scalekit sent the browser back after OAuth: sign it in with Slack before anything is activated. */
  private startSignIn(url: URL, res: ServerResponse): void {
    const link = this.verify<LinkState>(url.searchParams.get('state'));
    const authRequestId = url.searchParams.get('auth_request_id') ?? '';
    if (!link || !authRequestId) return page(res, 400, 'Link expired', 'This authorization link is invalid or has expired. Run /buildkite connect in Slack to get a new one.');
    const nonce = randomBytes(18).toString('base64url');
    const state = this.sign<SignInState>({ u: link.u, a: authRequestId, n: sha256(nonce), e: this.now() + STATE_TTL_MS });
    const authorize = new URL(this.settings.slackApiUrl.replace(/\/api\/?$/, '/openid/connect/authorize'));
    authorize.search = new URLSearchParams({ response_type: 'code', scope: 'openid', client_id: this.settings.slackClientId, redirect_uri: this.callbackUrl(), state, nonce }).toString();
    const secure = this.settings.publicUrl.startsWith('https:') ? '; Secure' : '';
    res.writeHead(302, { location: authorize.toString(), 'set-cookie': `${COOKIE}=${nonce}; HttpOnly; SameSite=Lax; Path=${OIDC_CALLBACK_PATH}; Max-Age=1800${secure}`, 'cache-control': 'no-store' });
    res.end();
  }

  private async finishSignIn(req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const state = this.verify<SignInState>(url.searchParams.get('state'));
    const nonce = cookie(req, COOKIE);
    const code = url.searchParams.get('code');
    if (!state || !nonce || sha256(nonce) !== state.n || !code) {
      return page(res, 400, 'Sign-in expired', 'This sign-in did not start in this browser or has expired. Run /buildkite connect in Slack to get a new link.');
    }
    const token = await this.slack.openid.connect.token({ client_id: this.settings.slackClientId, client_secret: this.settings.slackClientSecret, code, redirect_uri: this.callbackUrl() });
    const info = OpenIdUser.safeParse(await this.slack.openid.connect.userInfo({ token: token.access_token }));
    const slackUserId = info.success ? info.data['https://slack.com/user_id'] : undefined;
    if (slackUserId !== state.u) {
      this.logger.warn(`a Buildkite authorization link of ${state.u} was completed by another Slack user: not activated`);
      return page(res, 403, 'Not your link', 'This authorization link was sent to another Slack user, so the Buildkite connection was not activated. Ask the bot for your own link with /buildkite connect.');
    }
    const next = await this.gateway.verifyUser(state.a, state.u);
    await this.onVerified(state.u);
    res.writeHead(302, { location: next, 'set-cookie': `${COOKIE}=; HttpOnly; Path=${OIDC_CALLBACK_PATH}; Max-Age=0`, 'cache-control': 'no-store' });
    res.end();
  }

  private callbackUrl(): string {
    return `${this.settings.publicUrl}${OIDC_CALLBACK_PATH}`;
  }

  /** `base64url(json).base64url(hmac)`, keyed with the Slack client secret. */
  private sign<T extends LinkState>(value: T): string {
    const body = Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  private verify<T extends LinkState>(token: string | null): T | undefined {
    const [body, mac] = (token ?? '').split('.');
    if (!body || !mac) return undefined;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
      return typeof value.u === 'string' && typeof value.e === 'number' && value.e > this.now() ? value : undefined;
    } catch {
      return undefined;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.settings.slackClientSecret).update(`bk-verify:${body}`).digest('base64url');
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function page(res: ServerResponse, status: number, title: string, body: string): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}
