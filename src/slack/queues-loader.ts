import type { BuildkiteClient } from '../buildkite/client.js';
import { loadQueuesOverview } from '../buildkite/queues.js';
import type { Message } from '../render/message.js';
import { queuesMessage, unknownCluster } from '../render/queues.js';
import type { QueuesPageRef } from './ids-clusters.js';

/** One page of `/buildkite queues`, fetched as the given user. */
export async function loadQueuesPage(bk: BuildkiteClient, ref: QueuesPageRef, now: Date, note?: string): Promise<{ ok: true; message: Message } | { ok: false; message: Message }> {
  const [overview, org] = await Promise.all([loadQueuesOverview(bk, ref.cf), bk.orgSlug()]);
  if ('unknownCluster' in overview) return { ok: false, message: unknownCluster(overview.unknownCluster, overview.known) };
  return { ok: true, message: queuesMessage({ overview, org, page: ref.pg, now, ...(ref.cf ? { clusterFilter: ref.cf } : {}), ...(note ? { note } : {}) }) };
}
