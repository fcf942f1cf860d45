import { z } from 'zod';
import { paginated } from './schemas.js';

/** Clusters, queues and agents as the bot reads them (§6.5–6.7); only what it relies on is required. */

const actor = z.object({ id: z.string().nullish(), name: z.string().nullish(), email: z.string().nullish() }).partial();

export const ClusterQueue = z.object({
  id: z.string(),
  key: z.string(),
  description: z.string().nullish(),
  web_url: z.string().nullish(),
  retry_agent_affinity: z.string().nullish(),
  dispatch_paused: z.boolean().default(false),
  dispatch_paused_by: actor.nullish(),
  dispatch_paused_at: z.string().nullish(),
  dispatch_paused_note: z.string().nullish(),
});
export type ClusterQueue = z.infer<typeof ClusterQueue>;
export const ClusterQueueList = paginated(ClusterQueue);

export const Cluster = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  emoji: z.string().nullish(),
  color: z.string().nullish(),
  default_queue_id: z.string().nullish(),
  web_url: z.string().nullish(),
});
export type Cluster = z.infer<typeof Cluster>;
export const ClusterList = paginated(Cluster);

export const Agent = z.object({
  id: z.string(),
  name: z.string().nullish(),
  hostname: z.string().nullish(),
  version: z.string().nullish(),
  connection_state: z.string().nullish(),
  paused: z.boolean().nullish(),
  paused_note: z.string().nullish(),
  web_url: z.string().nullish(),
  meta_data: z.array(z.string()).nullish(),
  job: z
    .object({ id: z.string(), name: z.string().nullish(), label: z.string().nullish(), state: z.string().nullish(), web_url: z.string().nullish() })
    .nullish(),
});
export type Agent = z.infer<typeof Agent>;
export const AgentList = paginated(Agent);

/** resume_cluster_queue_dispatch answers with a bare JSON string, whatever wraps it. */
export const ResumeResult = z.unknown();
