// Events API envelopes as Slack sends them to the app's request URL (or over Socket Mode).

import { randomBytes } from 'node:crypto';

export interface EventEnvelope {
  token: string;
  team_id: string;
  api_app_id: string;
  type: 'event_callback';
  event: Record<string, unknown>;
  event_id: string;
  event_time: number;
  authorizations: { enterprise_id: null; team_id: string; user_id: string; is_bot: true; is_enterprise_install: false }[];
}

export interface Workspace {
  teamId: string;
  appId: string;
  botUserId: string;
}

/** Wraps an inner event in Slack's `event_callback` envelope, with a fresh event_id. */
export function eventEnvelope(workspace: Workspace, event: Record<string, unknown>, nowMs: number): EventEnvelope {
  return {
    token: 'legacy-verification-token',
    team_id: workspace.teamId,
    api_app_id: workspace.appId,
    type: 'event_callback',
    event,
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(nowMs / 1000),
    authorizations: [{ enterprise_id: null, team_id: workspace.teamId, user_id: workspace.botUserId, is_bot: true, is_enterprise_install: false }],
  };
}
