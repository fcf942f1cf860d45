// Sign in with Slack (OpenID Connect) for the Slack fake: the authorize page, openid.connect.token
// and openid.connect.userInfo. A browser is "signed in to Slack" as the user its `fake_slack_user`
// cookie names, the way a real browser carries a Slack session.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { asString } from './http.js';
import { fail, type MethodResult, ok, type WorkspaceInfo } from './methods-common.js';

const SIGNED_IN_COOKIE = 'fake_slack_user';
const CODE_TTL_MS = 10 * 60_000;

export interface OpenIdClient {
  clientId: string;
  clientSecret: string;
}

interface IssuedCode {
  userId: string;
  clientId: string;
  redirectUri: string;
  nonce?: string;
  issuedAt: number;
}

export class SlackOpenId {
  private readonly codes = new Map<string, IssuedCode>();
  private readonly tokens = new Map<string, { userId: string; nonce?: string }>();

  constructor(
    private readonly info: WorkspaceInfo,
    private readonly client: OpenIdClient | undefined,
    private readonly now: () => number,
  ) {}

  /** `GET /openid/connect/authorize`: the signed-in user approves; the browser goes back with a code. */
  authorize(req: IncomingMessage, url: URL, res: ServerResponse): void {
    const clientId = url.searchParams.get('client_id') ?? '';
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    if (!this.client || clientId !== this.client.clientId) return page(res, 400, 'Invalid client_id');
    if (url.searchParams.get('response_type') !== 'code' || !(url.searchParams.get('scope') ?? '').split(/[ +]/).includes('openid')) {
      return page(res, 400, 'response_type=code and scope openid are required');
    }
    if (!/^https?:\/\//.test(redirectUri)) return page(res, 400, 'Invalid redirect_uri');
    const userId = cookie(req, SIGNED_IN_COOKIE);
    if (!userId || !this.info.users[userId]) return page(res, 401, 'Sign in to Slack first');
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { userId, clientId, redirectUri, nonce: url.searchParams.get('nonce') ?? undefined, issuedAt: this.now() });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    const state = url.searchParams.get('state');
    if (state !== null) back.searchParams.set('state', state);
    res.writeHead(302, { location: back.toString(), 'cache-control': 'no-store' }).end();
  }

  /** `openid.connect.token`: client credentials and a code (single use, same redirect_uri). */
  token(args: Record<string, unknown>): MethodResult {
    if (!this.client || asString(args.client_id) !== this.client.clientId || asString(args.client_secret) !== this.client.clientSecret) return fail('invalid_client_id');
    const code = asString(args.code) ?? '';
    const issued = this.codes.get(code);
    this.codes.delete(code);
    if (!issued || this.now() - issued.issuedAt > CODE_TTL_MS) return fail('invalid_code');
    if (asString(args.redirect_uri) !== issued.redirectUri) return fail('bad_redirect_uri');
    const accessToken = `xoxp-oidc-${randomBytes(12).toString('hex')}`;
    this.tokens.set(accessToken, { userId: issued.userId, nonce: issued.nonce });
    return ok({ access_token: accessToken, token_type: 'Bearer', id_token: this.idToken(issued.userId, issued.nonce) });
  }

  /** `openid.connect.userInfo`: the claims of the user an OIDC access token was issued to. */
  userInfo(token: string | undefined): MethodResult {
    const holder = token ? this.tokens.get(token) : undefined;
    if (!holder) return fail('invalid_auth');
    return ok(this.claims(holder.userId));
  }

  private claims(userId: string): Record<string, unknown> {
    const user = this.info.users[userId];
    return {
      sub: userId,
      'https://slack.com/user_id': userId,
      'https://slack.com/team_id': this.info.teamId,
      ...(user?.email ? { email: user.email, email_verified: true } : {}),
      name: user?.real_name ?? user?.name ?? userId,
    };
  }

  /** An unsigned-looking JWT with the same claims (the bot reads userInfo, as Slack recommends). */
  private idToken(userId: string, nonce: string | undefined): string {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const body = { iss: 'https://slack.com', aud: this.client?.clientId, iat: Math.floor(this.now() / 1000), ...(nonce ? { nonce } : {}), ...this.claims(userId) };
    return `${part({ alg: 'none', typ: 'JWT' })}.${part(body)}.`;
  }
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function page(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(message);
}
