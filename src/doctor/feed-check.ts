import type { Config } from '../config.js';
import { type CheckRow, ok, warn } from './check-row.js';

const FEED = 'Notifications feed';

/** Pure: how subscriptions hear of builds, Buildkite's webhook or polling, or (a warning) neither. */
export function feedRow(buildkite: Config['buildkite']): CheckRow {
  const polling = buildkite.pollSeconds > 0 ? `polling every ${buildkite.pollSeconds} s` : undefined;
  if (buildkite.webhookToken !== undefined) return ok(FEED, `webhook (set: BUILDKITE_WEBHOOK_TOKEN)${polling ? `, and ${polling}` : ''}`);
  if (polling) return ok(FEED, polling);
  return warn(FEED, 'no webhook token and polling off (BUILDKITE_POLL_SECONDS=0): subscriptions will never hear of builds', 'set BUILDKITE_WEBHOOK_TOKEN (README, "Notifications: the Buildkite webhook") or a BUILDKITE_POLL_SECONDS above 0');
}
