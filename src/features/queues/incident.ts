import { isGatewayError, NotConnected } from '../../scalekit/errors.js';
import type { IncidentQueue, IncidentRecord } from './incident-record.js';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { getQueue, pauseQueue, resumeQueue } from '../../buildkite/clusters.js';
import type { Cluster, ClusterQueue } from '../../buildkite/clusters.js';

// Incident mode: pause several queues at once and later resume exactly those the incident paused.
// Every queue gets its own outcome; one queue's failure never hides another's.

/** Buildkite's reason in words; for a timeout, that the outcome is unknown. */
function failureDetail(error: unknown): string {
  if (isGatewayError(error)) {
    if (error.kind === 'unavailable') return 'Buildkite did not answer, so it may not have happened';
    return error.message;
  }
  return 'unexpected error';
}

/** A user without a Buildkite connection fails every call alike: that is the link flow, not an outcome. */
function rethrowNotConnected(results: PromiseSettledResult<IncidentQueue>[]): void {
  const notConnected = results.find((r) => r.status === 'rejected' && r.reason instanceof NotConnected);
  if (notConnected && results.every((r) => r.status === 'rejected')) throw (notConnected as PromiseRejectedResult).reason;
}

function settled(results: PromiseSettledResult<IncidentQueue>[], fallback: (i: number, error: unknown) => IncidentQueue): IncidentQueue[] {
  rethrowNotConnected(results);
  return results.map((r, i) => (r.status === 'fulfilled' ? r.value : fallback(i, r.reason)));
}

/** Pauses each queue in parallel; a queue that is already paused is left as it was (its pause is not ours). */
export async function pauseQueues(bk: BuildkiteClient, cluster: Cluster, queues: ClusterQueue[], note: string): Promise<IncidentQueue[]> {
  const base = (q: ClusterQueue) => ({ clusterId: cluster.id, clusterName: cluster.name, queueId: q.id, queueKey: q.key });
  const results = await Promise.allSettled(
    queues.map(async (q): Promise<IncidentQueue> => {
      if (q.dispatch_paused) return { ...base(q), pause: 'already-paused', ...(q.dispatch_paused_note ? { pauseDetail: q.dispatch_paused_note } : {}) };
      try {
        const paused = await pauseQueue(bk, cluster.id, q.id, note);
        return { ...base(q), pause: 'paused', ...(paused.dispatch_paused_at ? { pausedAt: paused.dispatch_paused_at } : {}) };
      } catch (error) {
        if (error instanceof NotConnected) throw error;
        // Paused by someone else between the listing and now: not ours to resume later.
        if (isGatewayError(error) && error.kind === 'invalid' && /already paused/i.test(error.message)) return { ...base(q), pause: 'already-paused', pauseDetail: error.message };
        return { ...base(q), pause: 'failed', pauseDetail: failureDetail(error) };
      }
    }),
  );
  return settled(results, (i, error) => ({ ...base(queues[i]!), pause: 'failed', pauseDetail: failureDetail(error) }));
}

const sameInstant = (a: string, b: string) => new Date(a).getTime() === new Date(b).getTime();

/** Whether a paused queue is still paused by this incident (and not paused again by someone since). */
export function stillOurPause(q: IncidentQueue, current: ClusterQueue, note: string): boolean {
  if (!current.dispatch_paused) return false;
  if ((current.dispatch_paused_note ?? '') !== note) return false;
  return !q.pausedAt || !current.dispatch_paused_at || sameInstant(q.pausedAt, current.dispatch_paused_at);
}

async function resumeOne(bk: BuildkiteClient, q: IncidentQueue, note: string): Promise<IncidentQueue> {
  const { resume: _r, resumeDetail: _d, ...rest } = q;
  let current: ClusterQueue;
  try {
    current = await getQueue(bk, q.clusterId, q.queueId);
  } catch (error) {
    if (error instanceof NotConnected) throw error;
    return { ...rest, resume: 'failed', resumeDetail: failureDetail(error) };
  }
  if (current.dispatch_paused && !stillOurPause(q, current, note)) {
    const by = current.dispatch_paused_by?.name ? ` by ${current.dispatch_paused_by.name}` : '';
    return { ...rest, resume: 'repaused', resumeDetail: `${by}${current.dispatch_paused_note ? ` “${current.dispatch_paused_note}”` : ''}`.trim() || undefined };
  }
  // A queue that looks resumed is still asked of Buildkite: the listing may be stale, and its answer is authoritative.
  try {
    await resumeQueue(bk, q.clusterId, q.queueId);
    return { ...rest, resume: 'resumed' };
  } catch (error) {
    if (error instanceof NotConnected) throw error;
    if (isGatewayError(error) && error.kind === 'invalid' && /not paused/i.test(error.message)) return { ...rest, resume: 'not-paused', resumeDetail: error.message };
    return { ...rest, resume: 'failed', resumeDetail: failureDetail(error) };
  }
}

/**
 * Resumes, in parallel, the queues this incident paused whose resume is still owed. Queues re-paused by
 * someone else since are left paused. The incident closes once nothing is owed; a failed resume keeps
 * it open so Resume can be tried again.
 */
export async function resumeIncident(bk: BuildkiteClient, record: IncidentRecord, by: string, now: Date): Promise<IncidentRecord> {
  const owed = new Set(record.queues.filter((q) => q.pause === 'paused' && (q.resume === undefined || q.resume === 'failed')).map((q) => q.queueId));
  const results = await Promise.allSettled(record.queues.map((q) => (owed.has(q.queueId) ? resumeOne(bk, q, record.note) : Promise.resolve(q))));
  const queues = settled(results, (i, error) => ({ ...record.queues[i]!, resume: 'failed', resumeDetail: failureDetail(error) }));
  const stillOwed = queues.some((q) => q.pause === 'paused' && q.resume === 'failed');
  return { ...record, queues, resumeAttempts: (record.resumeAttempts ?? 0) + 1, ...(stillOwed ? {} : { closedAt: now.toISOString(), closedBy: by }) };
}
