import type { WebClient } from '@slack/web-api';
import { getBuild } from '../../buildkite/builds.js';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { listClusters, listQueues } from '../../buildkite/clusters.js';
import type { AuditEntry } from '../../store/audit-log.js';
import { jobTitle } from '../builds/build-card.js';
import { lookUpUser } from '../../slack/lookups.js';

/** Names for the ids an audit input carries, read as the reader (what they may not see stays an id). */
export interface AuditNames {
  clusters: Map<string, string>;
  queues: Map<string, string>;
  jobs: Map<string, string>;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * One round of look-ups for a page of the audit: the clusters (one call), the queues of the clusters
 * named (one call each) and the builds whose jobs were acted on (one call each), side by side. Best
 * effort: a look-up that fails leaves ids as they are.
 */
export async function readAuditNames(buildkite: BuildkiteClient, entries: AuditEntry[]): Promise<AuditNames> {
  const names: AuditNames = { clusters: new Map(), queues: new Map(), jobs: new Map() };
  const clusterIds = new Set(entries.map((e) => text(e.input.cluster_id)).filter((id): id is string => id !== undefined));
  const builds = new Map<string, { pipeline: string; number: number }>();
  for (const e of entries) {
    const pipeline = text(e.input.pipeline_slug);
    const number = Number(e.input.build_number);
    if (text(e.input.job_id) && pipeline && Number.isInteger(number)) builds.set(`${pipeline}#${number}`, { pipeline, number });
  }
  await Promise.all([
    clusterIds.size === 0
      ? Promise.resolve()
      : listClusters(buildkite).then(
          async (clusters) => {
            for (const c of clusters) names.clusters.set(c.id, c.name);
            await Promise.all(
              [...clusterIds].map((id) =>
                listQueues(buildkite, id).then(
                  (queues) => queues.forEach((q) => names.queues.set(q.id, q.key)),
                  () => undefined,
                ),
              ),
            );
          },
          () => undefined,
        ),
    ...[...builds.values()].slice(0, 10).map(({ pipeline, number }) =>
      getBuild(buildkite, pipeline, number).then(
        (build) =>
          (build.jobs ?? []).forEach((j) => {
            names.jobs.set(j.id, jobTitle(j));
            // A retried attempt is no longer listed: its retry names it.
            if (j.retry_source?.job_id) names.jobs.set(j.retry_source.job_id, jobTitle(j));
          }),
        () => undefined,
      ),
    ),
  ]);
  return names;
}

/** `user:@jane`: the Slack users of these entries whose name, real name or display name is `wanted`. */
export async function usersNamed(client: WebClient, userIds: string[], wanted: string): Promise<Set<string>> {
  const name = wanted.replace(/^<@([A-Z0-9]+)(?:\|[^>]*)?>$/, '$1').replace(/^@/, '').toLowerCase();
  const matches = new Set<string>();
  await Promise.all(
    [...new Set(userIds)].map(async (id) => {
      if (id.toLowerCase() === name) return void matches.add(id);
      const user = await lookUpUser(client, id).catch(() => undefined);
      const known = [user?.name, user?.real_name, user?.profile?.display_name, user?.profile?.real_name].filter(Boolean).map((n) => String(n).toLowerCase());
      if (known.includes(name)) matches.add(id);
    }),
  );
  return matches;
}
