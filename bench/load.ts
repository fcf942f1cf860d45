import { readFileSync } from 'node:fs';
import { postSigned } from '../src/sandbox/signing.js';

/** Small statistics and load loops for the benchmark; everything stays on loopback and is bounded. */

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const median = (values: number[]) => percentile(values, 50);
export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Resident memory of a process, in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? NaN);
  return round(kb / 1024, 1);
}

export interface Target {
  name: string;
  url: string;
  pid: number;
}

/** Sends one signed request; returns the time to the HTTP answer (the ack) in ms. */
export async function timedPost(target: Target, secret: string, body: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const res = await postSigned(target.url, secret, body);
  return { ms: performance.now() - started, status: res.status };
}

/**
 * Closed loop: `concurrency` workers send back to back until `count` requests or `maxMs` elapse.
 * Returns requests per second, ack latencies and the peak RSS seen while it ran.
 */
export async function sustained(target: Target, secret: string, makeBody: () => string, concurrency: number, count: number, maxMs: number) {
  const latencies: number[] = [];
  let sent = 0;
  let peakRss = rssMb(target.pid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(target.pid))), 100);
  const started = performance.now();
  const worker = async () => {
    while (sent < count && performance.now() - started < maxMs) {
      sent++;
      const { ms } = await timedPost(target, secret, makeBody());
      latencies.push(ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  return { rps: round(latencies.length / seconds, 1), latencies, over3s: latencies.filter((ms) => ms > 3000).length, peakRssMb: peakRss };
}
