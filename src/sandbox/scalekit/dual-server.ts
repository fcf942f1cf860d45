import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import http2, { type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from 'node:http2';
import net, { type AddressInfo, type Socket } from 'node:net';

/** Start of the HTTP/2 client connection preface; no HTTP/1.1 method starts with `PRI`. */
const H2_PREFIX = Buffer.from('PRI');

type Http1Handler = (req: IncomingMessage, res: ServerResponse) => void;
type Http2Handler = (req: Http2ServerRequest, res: Http2ServerResponse) => void;

/**
 * One TCP port serving HTTP/1.1 and cleartext HTTP/2: a `net` server reads the first bytes of each
 * connection and hands the socket to the `http2` server when they are the HTTP/2 preface, otherwise
 * to the `http` server. Scalekit's SDK needs both: axios for the token endpoint, gRPC for the services.
 */
export class DualProtocolServer {
  private readonly tcp: net.Server;
  private readonly h1: http.Server;
  private readonly h2: http2.Http2Server;
  private readonly sockets = new Set<Socket>();
  private readonly sessions = new Set<Http2Session>();

  constructor(http1: Http1Handler, http2Handler: Http2Handler) {
    this.h1 = http.createServer(http1);
    this.h2 = http2.createServer(http2Handler);
    this.h2.on('session', (session: Http2Session) => {
      this.sessions.add(session);
      session.once('close', () => this.sessions.delete(session));
    });
    this.tcp = net.createServer((socket) => this.route(socket));
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.tcp.once('error', reject);
      this.tcp.listen(port, host, () => {
        this.tcp.off('error', reject);
        resolve();
      });
    });
    return (this.tcp.address() as AddressInfo).port;
  }

  /**
   * Stops listening, lets in-flight responses out for up to `graceMs` (stalled RPCs have been failed
   * by then), then drops every connection that is still open.
   */
  async close(graceMs = 250): Promise<void> {
    const closed = new Promise<void>((resolve) => this.tcp.close(() => resolve()));
    const sessionsClosed = [...this.sessions].map(
      (session) => new Promise<void>((resolve) => session.close(() => resolve())),
    );
    this.h1.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(sessionsClosed),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
    for (const session of this.sessions) session.destroy();
    this.h1.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private route(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < H2_PREFIX.length && H2_PREFIX.subarray(0, buffered.length).equals(buffered)) return;
      socket.off('data', onData);
      socket.pause();
      socket.unshift(buffered);
      const isH2 = buffered.subarray(0, H2_PREFIX.length).equals(H2_PREFIX);
      // The http2 session picks up bytes already buffered on the socket; the http server reads
      // them once the socket flows again.
      if (isH2) {
        this.h2.emit('connection', socket);
      } else {
        this.h1.emit('connection', socket);
        socket.resume();
      }
    };
    socket.on('data', onData);
  }
}
