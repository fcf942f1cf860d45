// Socket Mode side of the Slack fake: the WebSocket endpoint that apps.connections.open
// hands out, the hello handshake, and envelope delivery with ack tracking.

import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface SocketEnvelopeRecord {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  sentAt: number;
  ack?: SocketAck;
  ackedAt?: number;
}

interface PendingAck {
  record: SocketEnvelopeRecord;
  resolve: (ack: SocketAck) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

const SOCKET_PATH = '/link/';
/** Slack pings Socket Mode clients periodically; clients treat a silent server as dead. */
const SERVER_PING_INTERVAL_MS = 10_000;

export class SocketModeHub {
  readonly envelopes: SocketEnvelopeRecord[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly sockets: WebSocket[] = [];
  private readonly pending = new Map<string, PendingAck>();

  constructor(
    private readonly appId: string,
    private readonly now: () => number,
    private readonly onChange: () => void,
  ) {}

  /** A one-use connection URL, as apps.connections.open returns. */
  issueUrl(origin: string): string {
    const ticket = randomBytes(16).toString('hex');
    this.tickets.add(ticket);
    return `${origin.replace(/^http/, 'ws')}${SOCKET_PATH}?ticket=${ticket}&app_id=${this.appId}`;
  }

  get connectionCount(): number {
    return this.sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
  }

  /** Returns false when the upgrade is not for the Socket Mode path, so the caller can refuse it. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== SOCKET_PATH) return false;
    const ticket = url.searchParams.get('ticket') ?? '';
    if (!this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    return true;
  }

  private accept(ws: WebSocket): void {
    this.sockets.push(ws);
    const ping = setInterval(() => ws.ping(), SERVER_PING_INTERVAL_MS);
    ping.unref();
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.onMessage(String(data));
    });
    ws.on('close', () => {
      clearInterval(ping);
      const i = this.sockets.indexOf(ws);
      if (i >= 0) this.sockets.splice(i, 1);
      this.onChange();
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.connectionCount,
        debug_info: { host: 'applink-sandbox', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.appId },
      }),
    );
    this.onChange();
  }

  private onMessage(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      return; // Slack ignores frames it cannot parse.
    }
    if (typeof msg !== 'object' || msg === null) return;
    const { envelope_id: id, payload } = msg as { envelope_id?: unknown; payload?: unknown };
    if (typeof id !== 'string') return;
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    const ack: SocketAck = { envelope_id: id };
    if (typeof payload === 'object' && payload !== null && Object.keys(payload).length > 0) {
      ack.payload = payload as Record<string, unknown>;
    }
    pending.record.ack = ack;
    pending.record.ackedAt = this.now();
    pending.resolve(ack);
    this.onChange();
  }

  /**
   * Delivers an envelope to the newest connection and resolves with the client's ack.
   * Rejects when nobody is connected or no ack arrives within `timeoutMs` (Slack waits 3 s).
   */
  send(type: EnvelopeType, payload: Record<string, unknown>, timeoutMs = 3000): Promise<SocketAck> {
    const ws = [...this.sockets].reverse().find((s) => s.readyState === WebSocket.OPEN);
    if (!ws) return Promise.reject(new Error('no Socket Mode client is connected'));
    const envelopeId = randomUUID();
    const record: SocketEnvelopeRecord = { envelope_id: envelopeId, type, payload, sentAt: this.now() };
    this.envelopes.push(record);
    const envelope: Record<string, unknown> = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}),
    };
    return new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`envelope ${envelopeId} (${type}) was not acked within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelopeId, { record, resolve, reject, timer });
      ws.send(JSON.stringify(envelope));
    });
  }

  /** Asks connected clients to reconnect, as Slack does before recycling a connection. */
  requestReconnect(reason = 'refresh_requested'): void {
    for (const ws of this.sockets) {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'disconnect', reason }));
    }
  }

  clearRecords(): void {
    this.envelopes.length = 0;
  }

  async close(): Promise<void> {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`envelope ${p.record.envelope_id} was not acked before the fake stopped`));
    }
    this.pending.clear();
    // Close politely first so clients see a clean close frame rather than a dropped socket.
    await Promise.all(this.sockets.map((ws) => closeGracefully(ws)));
    this.sockets.length = 0;
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function closeGracefully(ws: WebSocket, graceMs = 500): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      ws.terminate();
      resolve();
    }, graceMs);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.close(1001, 'server stopping');
  });
}
