import { connect, type Socket } from 'node:net';

/**
 * The attack on the HTTP edge: many POSTs that send their headers and most of a body, then stall,
 * each holding whatever the server buffered of it. Used by `npm run bench` (BENCH_ONLY=edge) and by
 * test/slack/http-server.e2e.test.ts. Loopback only; every socket is destroyed by `stop()`.
 */
export interface StalledPost {
  path: string;
  headers: Record<string, string>;
  /** The Content-Length sent. */
  declaredBytes: number;
  /** How much of the body is sent before stalling (less than declared). */
  sentBytes: number;
}

export interface StalledAttack {
  /** Resolves once every socket has sent its part or been closed by the server. */
  sent: Promise<void>;
  /** Resolves when the server has closed every socket, with the ms since the attack began. */
  allClosed: Promise<number>;
  /** Sockets the server has closed so far. */
  closed(): number;
  /** Each socket's answer, counted: its status (`"401": 600`), `none` when closed unanswered, `open`. */
  statuses(): Record<string, number>;
  stop(): void;
}

const CHUNK = Buffer.alloc(64 * 1024, 'a');

export function stalledPosts(port: number, posts: StalledPost[]): StalledAttack {
  const started = performance.now();
  const sockets: Socket[] = [];
  const statuses: (string | undefined)[] = [];
  const isClosed: boolean[] = [];
  let closed = 0;
  let resolveAllClosed!: (ms: number) => void;
  const allClosed = new Promise<number>((resolve) => (resolveAllClosed = resolve));
  const sent = Promise.all(
    posts.map(
      (post, i) =>
        new Promise<void>((resolve) => {
          const socket = connect(port, '127.0.0.1');
          sockets.push(socket);
          let answer = '';
          socket.on('data', (data: Buffer) => {
            if (statuses[i] !== undefined) return;
            answer += data.toString('latin1');
            const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
            if (status) statuses[i] = status;
          });
          socket.on('error', () => undefined);
          socket.on('close', () => {
            isClosed[i] = true;
            resolve();
            if (++closed === posts.length) resolveAllClosed(performance.now() - started);
          });
          socket.on('connect', () => {
            const head = [`POST ${post.path} HTTP/1.1`, 'Host: 127.0.0.1', `Content-Length: ${post.declaredBytes}`, ...Object.entries(post.headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
            socket.write(head);
            let left = post.sentBytes;
            // Written with backpressure: what the server does not read stays in the kernel, not here.
            const pump = () => {
              while (left > 0 && !socket.destroyed) {
                const size = Math.min(CHUNK.length, left);
                left -= size;
                if (!socket.write(size === CHUNK.length ? CHUNK : CHUNK.subarray(0, size))) return void socket.once('drain', pump);
              }
              resolve();
            };
            pump();
          });
        }),
    ),
  ).then(() => undefined);
  return {
    sent,
    allClosed,
    closed: () => closed,
    statuses: () => {
      const counts: Record<string, number> = {};
      for (let i = 0; i < posts.length; i++) {
        const key = statuses[i] ?? (isClosed[i] ? 'none' : 'open');
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    },
    stop: () => sockets.forEach((s) => s.destroy()),
  };
}

/** A Slack signature header of the right shape and a fresh timestamp that no secret produced. */
export const forgedSlackHeaders = (): Record<string, string> => ({
  'Content-Type': 'application/x-www-form-urlencoded',
  'X-Slack-Request-Timestamp': String(Math.floor(Date.now() / 1000)),
  'X-Slack-Signature': `v0=${'0'.repeat(64)}`,
});

/** A Buildkite signature header with a fresh timestamp that no token produced. */
export const forgedBuildkiteHeaders = (): Record<string, string> => ({
  'Content-Type': 'application/json',
  'X-Buildkite-Signature': `timestamp=${Math.floor(Date.now() / 1000)},signature=${'0'.repeat(64)}`,
});

/** The attack of issue 22: unsigned POSTs declaring 1 MB and sending 880 KB of it, on any path. */
export function unsignedPosts(count: number, paths: string[]): StalledPost[] {
  return Array.from({ length: count }, (_, i) => ({ path: paths[i % paths.length]!, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, declaredBytes: 1_000_000, sentBytes: 880_000 }));
}
