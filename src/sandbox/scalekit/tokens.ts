import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Issues and checks client-credentials access tokens, like Scalekit's `POST /oauth/token`. */
export class TokenIssuer {
  /** Every request to the token endpoint, successful or not. */
  requests = 0;
  private readonly tokens = new Map<string, number>(); // token → expiry (epoch ms)
  /** Every token ever handed out, revoked ones included (so tests can search logs for them). */
  readonly issued: string[] = [];

  constructor(
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {}

  /** Whether `authorization` carries a token this issuer handed out and that has not expired. */
  accepts(authorization: string | null): boolean {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return false;
    const expiresAt = this.tokens.get(match[1]);
    return expiresAt !== undefined && expiresAt > this.now().getTime();
  }

  /** Forget every issued token, so the next RPC of every client is UNAUTHENTICATED. */
  revokeAll(): void {
    this.tokens.clear();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests += 1;
    const body = await readBody(req);
    const form = new URLSearchParams(body);
    const [basicId, basicSecret] = basicCredentials(req.headers.authorization);
    const clientId = form.get('client_id') ?? basicId;
    const clientSecret = form.get('client_secret') ?? basicSecret;
    if (form.get('grant_type') !== 'client_credentials') {
      sendJson(res, 400, { error: 'unsupported_grant_type' });
      return;
    }
    if (!sameSecret(clientId, this.clientId) || !sameSecret(clientSecret, this.clientSecret)) {
      sendJson(res, 401, { error: 'invalid_client', error_description: 'client authentication failed' });
      return;
    }
    const token = `skt_${randomBytes(18).toString('base64url')}`;
    this.tokens.set(token, this.now().getTime() + this.ttlMs);
    this.issued.push(token);
    sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: Math.floor(this.ttlMs / 1000) });
  }
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function basicCredentials(header: string | undefined): [string | undefined, string | undefined] {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return [undefined, undefined];
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return [undefined, undefined];
  return [decodeURIComponent(decoded.slice(0, colon)), decodeURIComponent(decoded.slice(colon + 1))];
}

export async function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
