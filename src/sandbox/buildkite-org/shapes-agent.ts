/** Agent shapes at the three detail levels of list_agents / get_agent. */
import { listOpt, strOpt, tsOpt } from './json.js';
import type { AgentRecord } from './model.js';
import { jobFull } from './shapes-job.js';
import { userBrief } from './shapes-users.js';
import { WEB_BASE, type OrgStore } from './store.js';

export type AgentDetail = 'summary' | 'detailed' | 'full';

function agentSummary(store: OrgStore, agent: AgentRecord): Record<string, unknown> {
  const job = agent.currentJobId ? store.jobs.get(agent.currentJobId) : undefined;
  return {
    id: agent.id,
    name: strOpt(agent.name),
    connection_state: strOpt(agent.connectionState),
    hostname: strOpt(agent.hostname),
    version: strOpt(agent.version),
    paused: agent.paused,
    job: job ? { id: job.id, type: job.type, name: strOpt(job.name ?? job.label), state: job.state } : undefined,
  };
}

function agentDetailed(store: OrgStore, agent: AgentRecord): Record<string, unknown> {
  return {
    ...agentSummary(store, agent),
    web_url: `${WEB_BASE}/organizations/${store.org.slug}/agents/${agent.id}`,
    ip_address: strOpt(agent.ipAddress),
    user_agent: strOpt(agent.userAgent),
    priority: agent.priority ?? undefined,
    meta_data: listOpt(agent.metaData),
    created_at: tsOpt(agent.createdAt),
    last_job_finished_at: tsOpt(agent.lastJobFinishedAt),
    paused_at: tsOpt(agent.pausedAt),
    paused_note: strOpt(agent.pausedNote),
    paused_timeout_in_minutes: agent.pausedTimeoutInMinutes ?? undefined,
  };
}

/** The raw REST agent. Inside a job's `agent` the current job is left out (`withJob` false). */
export function agentFull(store: OrgStore, agent: AgentRecord, withJob = true): Record<string, unknown> {
  const job = withJob && agent.currentJobId ? store.jobs.get(agent.currentJobId) : undefined;
  return {
    ...agentDetailed(store, agent),
    graphql_id: agent.graphqlId,
    url: `${store.orgApiUrl}/agents/${agent.id}`,
    creator: userBrief(store.user(agent.creatorId)),
    paused_by: userBrief(store.user(agent.pausedById)),
    job: job ? jobFull(store, job) : undefined,
  };
}

export function agentShape(store: OrgStore, agent: AgentRecord, level: AgentDetail): Record<string, unknown> {
  if (level === 'summary') return agentSummary(store, agent);
  if (level === 'detailed') return agentDetailed(store, agent);
  return agentFull(store, agent);
}
