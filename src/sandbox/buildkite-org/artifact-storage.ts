/**
 * Where Buildkite keeps artifacts: an S3 bucket (buildkiteartifacts.com) behind presigned URLs. Since
 * v1.8 the MCP server's `get_artifact` resolves Buildkite's download redirect and hands back that URL
 * ("fetch it with a plain GET and NO Authorization header"). This local stand-in answers those URLs as
 * S3 does: the object for a valid, unexpired signature; 400 InvalidArgument when an Authorization header
 * comes with the presigned query (S3 allows one auth mechanism); 403 once expired or when tampered with.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake organisation needs to hand out a download URL (see tools-artifacts.ts). */
export interface ArtifactStorage {
  /** Stores (or refreshes) the object and returns a presigned GET URL for it. */
  presign(object: StoredObject): string;
}

export interface StoredObject {
  /** The object key, e.g. `<org>/<build>/<job>/<artifact>/<path>`. */
  key: string;
  content: Buffer;
  mimeType: string;
}

export interface StorageRequest {
  key: string;
  /** Whether the request carried an Authorization header (a presigned URL must not). */
  authorization: boolean;
  status: number;
}

export interface ArtifactStorageOptions {
  /** The storage's clock: signing time and expiry are measured on it (the org's clock in tests). */
  now?: () => Date;
  /** X-Amz-Expires of the URLs it signs. Buildkite publishes no figure; 600 s is the server's own test value. */
  expiresInSeconds?: number;
}

const CREDENTIAL_ID = 'AKIAFAKEBUILDKITE000';
const REGION = 'us-east-1';

export class ArtifactStorageFake implements ArtifactStorage {
  /** Every GET received, oldest first. */
  readonly requests: StorageRequest[] = [];
  expiresInSeconds: number;
  private readonly objects = new Map<string, StoredObject>();
  private readonly secret = randomBytes(32);
  private readonly now: () => Date;
  private server: Server | null = null;
  private port = 0;

  constructor(options: ArtifactStorageOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.expiresInSeconds = options.expiresInSeconds ?? 600;
  }

  get url(): string {
    if (!this.server) throw new Error('ArtifactStorageFake is not started');
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<this> {
    if (this.server) throw new Error('ArtifactStorageFake is already started');
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  presign(object: StoredObject): string {
    this.objects.set(object.key, { ...object, content: Buffer.from(object.content) });
    const date = amzDate(this.now());
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${CREDENTIAL_ID}/${date.slice(0, 8)}/${REGION}/s3/aws4_request`,
      'X-Amz-Date': date,
      'X-Amz-Expires': String(this.expiresInSeconds),
      'X-Amz-SignedHeaders': 'host',
    });
    const path = `/${object.key.split('/').map(encodeURIComponent).join('/')}`;
    query.set('X-Amz-Signature', this.sign(path, query));
    return `${this.url}${path}?${query.toString()}`;
  }

  private sign(path: string, query: URLSearchParams): string {
    const signed = [...query].filter(([name]) => name !== 'X-Amz-Signature').sort(([a], [b]) => a.localeCompare(b));
    return createHmac('sha256', this.secret).update(`GET\n${path}\n${new URLSearchParams(signed).toString()}`).digest('hex');
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://storage');
    const key = url.pathname.slice(1).split('/').map(decodeURIComponent).join('/');
    const answer = (status: number, code?: string, message?: string, extra: Record<string, string> = {}) => {
      this.requests.push({ key, authorization: req.headers.authorization !== undefined, status });
      if (!code) return;
      sendS3Error(res, status, code, message ?? code, extra);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    const signature = url.searchParams.get('X-Amz-Signature');
    if (signature && req.headers.authorization !== undefined) {
      return answer(400, 'InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified', {
        ArgumentName: 'Authorization',
        ArgumentValue: req.headers.authorization,
      });
    }
    if (!signature) return answer(403, 'AccessDenied', 'Access Denied');
    if (signature !== this.sign(url.pathname, url.searchParams)) {
      return answer(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
    }
    const signedAt = parseAmzDate(url.searchParams.get('X-Amz-Date') ?? '');
    const expires = Number(url.searchParams.get('X-Amz-Expires'));
    const expiresAt = new Date(signedAt + expires * 1000);
    const now = this.now();
    if (now.getTime() > expiresAt.getTime()) {
      return answer(403, 'AccessDenied', 'Request has expired', {
        'X-Amz-Expires': String(expires),
        Expires: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        ServerTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      });
    }
    const object = this.objects.get(key);
    if (!object) return answer(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
    answer(200);
    res.writeHead(200, {
      'Content-Type': object.mimeType,
      'Content-Length': String(object.content.length),
      ETag: `"${createHash('md5').update(object.content).digest('hex')}"`,
      'Last-Modified': now.toUTCString(),
    });
    res.end(req.method === 'HEAD' ? undefined : object.content);
  }
}

/** S3's error document: XML, with the request's ids. */
function sendS3Error(res: ServerResponse, status: number, code: string, message: string, extra: Record<string, string>): void {
  const fields = Object.entries({ Code: code, Message: message, ...extra, RequestId: randomBytes(8).toString('hex').toUpperCase(), HostId: randomBytes(24).toString('base64') });
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${fields.map(([name, value]) => `<${name}>${xmlEscape(value)}</${name}>`).join('')}</Error>`;
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `20260601T100000Z`, as SigV4 writes dates. */
function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

function parseAmzDate(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : 0;
}

/** The seconds a presigned URL stays valid, read as the MCP server reads it (60 when absent or odd). */
export function expiresInSecondsOf(url: string): number {
  try {
    const seconds = Number.parseInt(new URL(url).searchParams.get('X-Amz-Expires') ?? '', 10);
    return Number.isFinite(seconds) && seconds > 0 ? seconds : 60;
  } catch {
    return 60;
  }
}
