import { isSecretName, MASK, maskSecrets } from '../../render/mask.js';
import type { Build, Job } from '../../buildkite/builds.js';
import { escapeMrkdwn, inlineCode, link, truncate } from '../../render/escape.js';

/** Outcome lines of card actions; `who` is a Slack user id rendered as a mention. */

const title = (t: string) => `*${escapeMrkdwn(t)}*`;

export const working = {
  retry: (job: string) => `:hourglass_flowing_sand: Retrying ${title(job)}…`,
  unblock: (job: string) => `:hourglass_flowing_sand: Unblocking ${title(job)}…`,
  cancel: () => ':hourglass_flowing_sand: Canceling…',
  rebuild: () => ':hourglass_flowing_sand: Starting a rebuild…',
};

export function retried(job: string, newJob: Job, buildUrl: string, who: string): string {
  return `:repeat: ${title(job)} retried by <@${who}> · ${link(`${buildUrl}#${newJob.id}`, 'new job')} ${escapeMrkdwn(newJob.state)}`;
}

export function unblocked(job: string, who: string, fields?: Record<string, string>): string {
  // The outcome goes into the channel: a secret-named field (an OTP, a token) shows as masked.
  const shown = (k: string, v: string) => (isSecretName(k) ? MASK : inlineCode(truncate(maskSecrets(v), 200)));
  const given = fields && Object.keys(fields).length > 0 ? ` with ${Object.entries(fields).map(([k, v]) => `${inlineCode(truncate(k, 100))}=${shown(k, v)}`).join(', ')}` : '';
  return `:white_check_mark: ${title(job)} unblocked by <@${who}>${given}`;
}

export const canceled = (who: string) => `:black_square_for_stop: Canceled by <@${who}>`;

export function rebuilt(pipeline: string, build: Build, who: string): string {
  return `:arrows_counterclockwise: Rebuilt by <@${who}> as ${link(build.web_url, `${pipeline} #${build.number}`)}`;
}

/** On a card restored after a restart cut an action off: Buildkite may have acted, the card shows what it did. */
export function interruptedNote(who: string, tool: string): string {
  return `:warning: The bot restarted while <@${who}>'s ${tool.replace(/_/g, ' ')} was under way: Buildkite may have acted. This card shows Buildkite's state now.`;
}

