import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';

/**
 * What one route lets a request body cost before its signature can be checked. A body is read before
 * it can be authenticated, so whoever reaches the port decides how many are read at once, how large and
 * how slowly: each route caps all three, and answers beyond them without reading further.
 */
export interface BodyLimits {
  /** The largest body the route's sender sends; a larger one is refused 413. */
  maxBytes: number;
  /** Bodies being read at once; beyond it 503 (Retry-After: 1). */
  maxConcurrent: number;
  /** Bytes those bodies may hold together (each reserves its Content-Length, or `maxBytes` without one). */
  budgetBytes: number;
  /** A body not complete this long after its headers is refused 408: a stalled sender holds nothing longer. */
  timeoutMs: number;
}

/**
 * Answers a request that will not be read and closes its connection, so an unread body is neither
 * parsed as a next request nor held open by a sender that stalls.
 */
export function refuse(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void req.socket.destroy();
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close', ...headers });
  res.end(JSON.stringify({ ok: false }), () => req.socket.destroy());
}

/**
 * Says each kind of refusal at once, then at most every 30 s with how many there were: a flood of
 * hostile requests must not also flood the log.
 */
export class RefusalLog {
  private readonly counts = new Map<string, { pending: number; lastLogged: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly everyMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  warn(line: string): void {
    const entry = this.counts.get(line) ?? { pending: 0, lastLogged: -Infinity };
    this.counts.set(line, entry);
    entry.pending++;
    if (this.now() - entry.lastLogged < this.everyMs) return;
    this.logger.warn(entry.pending === 1 ? line : `${line} (${entry.pending} since the last such line)`);
    entry.pending = 0;
    entry.lastLogged = this.now();
  }
}

/** Reads request bodies within one route's limits; one instance per route, shared by its requests. */
export class BodyReader {
  private reading = 0;
  private reserved = 0;

  /** `refused`: told of each body refused (413, 503 or 408), for a route's own metrics. */
  constructor(
    private readonly limits: BodyLimits,
    private readonly refusals: RefusalLog,
    private readonly refused: (req: IncomingMessage, status: number) => void = () => undefined,
  ) {}

  /** Answers first, then tells: a metric that throws must neither leave the sender unanswered nor escape a timer. */
  private refuseAndTell(req: IncomingMessage, res: ServerResponse, status: number, headers?: Record<string, string>): void {
    refuse(req, res, status, headers);
    try {
      this.refused(req, status);
    } catch {
      // Counting a refusal is never worth a crash.
    }
  }

  /** Bodies being read now and the bytes they reserve (for tests and the bench). */
  get load(): { bodies: number; bytes: number } {
    return { bodies: this.reading, bytes: this.reserved };
  }

  /** Calls `then` with the whole body, or answers 413, 503 or 408 and closes the connection. */
  read(req: IncomingMessage, res: ServerResponse, then: (body: Buffer) => void): void {
    const { maxBytes, maxConcurrent, budgetBytes, timeoutMs } = this.limits;
    const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
    if (declared !== undefined && !(declared <= maxBytes)) {
      this.refusals.warn(`refused a request body over ${maxBytes} bytes`);
      return this.refuseAndTell(req, res, 413);
    }
    const reservation = declared ?? maxBytes;
    if (this.reading >= maxConcurrent || this.reserved + reservation > budgetBytes) {
      this.refusals.warn(`refused a request: ${this.reading} bodies (${this.reserved} bytes) already being read`);
      return this.refuseAndTell(req, res, 503, { 'retry-after': '1' });
    }
    this.reading++;
    this.reserved += reservation;
    let settled = false;
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (refusal?: { status: number; line: string }) => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      this.reading--;
      this.reserved -= reservation;
      if (refusal) {
        chunks.length = 0;
        this.refusals.warn(refusal.line);
        this.refuseAndTell(req, res, refusal.status);
      }
      return true;
    };
    const timer = setTimeout(() => settle({ status: 408, line: `refused a request body not complete within ${timeoutMs / 1000} s` }), timeoutMs);
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) return void settle({ status: 413, line: `refused a request body over ${maxBytes} bytes` });
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (settle()) then(Buffer.concat(chunks, size));
    });
    // A sender that goes away mid-body frees its place at once.
    req.on('close', () => settle());
    req.on('error', () => settle());
  }
}
