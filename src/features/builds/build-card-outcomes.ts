import { isSecretName, MASK, maskSecrets } from '../../render/mask.js';
import type { Build, Job } from '../../buildkite/builds.js';
import { escapeMrkdwn, inlineCode, link, truncate } from '../../render/escape.js';
import { type Message, actions, section } from '../../render/message.js';
import { FillUnblockButton, type UnblockMetadata } from './buttons.js';
import type { RetryAllOutcome } from './retry-all.js';

// Outcome lines of card actions; `who` is a Slack user id rendered as a mention.

const title = (t: string) => `*${escapeMrkdwn(t)}*`;

export const working = {
  retry: (job: string) => `:hourglass_flowing_sand: Retrying ${title(job)}…`,
  // A compact card shows only some failed jobs' rows: the count comes with the outcome.
  retryAll: () => ':hourglass_flowing_sand: Retrying the failed jobs…',
  unblock: (job: string) => `:hourglass_flowing_sand: Unblocking ${title(job)}…`,
  cancel: () => ':hourglass_flowing_sand: Canceling…',
  rebuild: () => ':hourglass_flowing_sand: Starting a rebuild…',
};

export function retried(job: string, newJob: Pick<Job, 'id' | 'state'>, buildUrl: string, who: string): string {
  return `:repeat: ${title(job)} retried by <@${who}> · ${link(`${buildUrl}#${newJob.id}`, 'new job')} ${escapeMrkdwn(newJob.state)}`;
}

/** One line for Retry all failed: what was retried, what Buildkite refused (and why), what was already under way. */
export function retriedAll(outcome: RetryAllOutcome, who: string): string {
  const names = (list: string[]) => list.map(title).join(', ');
  const parts: string[] = [];
  if (outcome.retried.length > 0) parts.push(`:repeat: <@${who}> retried ${outcome.retried.length} failed job${outcome.retried.length === 1 ? '' : 's'}: ${names(outcome.retried.map((r) => r.name))}`);
  else parts.push(`:repeat: <@${who}> retried no job`);
  if (outcome.refused.length > 0) parts.push(`Buildkite refused ${outcome.refused.map((r) => `${title(r.name)} (${escapeMrkdwn(truncate(r.reason, 150))})`).join(', ')}`);
  if (outcome.underWay.length > 0) parts.push(`already being retried: ${names(outcome.underWay)}`);
  return truncate(parts.join(' · '), 2900);
}

export function unblocked(job: string, who: string, fields?: Record<string, string>): string {
  return `:white_check_mark: ${title(job)} unblocked by <@${who}>${withFields(fields)}`;
}

/** " with `key`=`value`, …": the fields an unblock was given, for the card and its thread. */
export function withFields(fields?: Record<string, string>): string {
  // The outcome goes into the channel: a secret-named field (an OTP, a token) shows as masked.
  const shown = (k: string, v: string) => (isSecretName(k) ? MASK : inlineCode(truncate(maskSecrets(v), 200)));
  return fields && Object.keys(fields).length > 0 ? ` with ${Object.entries(fields).map(([k, v]) => `${inlineCode(truncate(k, 100))}=${shown(k, v)}`).join(', ')}` : '';
}

export const canceled = (who: string) => `:black_square_for_stop: Canceled by <@${who}>`;

export function rebuilt(pipeline: string, build: Build, who: string): string {
  return `:arrows_counterclockwise: Rebuilt by <@${who}> as ${link(build.web_url, `${pipeline} #${build.number}`)}`;
}

/** On a card restored after a restart cut an action off: Buildkite may have acted, the card shows what it did. */
export function interruptedNote(who: string, tool: string): string {
  return `:warning: The bot restarted while <@${who}>'s ${tool.replace(/_/g, ' ')} was under way: Buildkite may have acted. This card shows Buildkite's state now.`;
}


/**
 * Buildkite refused an unblock for its fields: said privately, at once, with the way on. The card is
 * left as it was; the value carries the fields Buildkite named (or asks for a free KEY=value form).
 */
export function fillInToUnblock(meta: UnblockMetadata, reason: string): Message {
  const text = `:warning: Buildkite did not unblock *${escapeMrkdwn(meta.title ?? 'the step')}*: ${escapeMrkdwn(truncate(reason, 500))}. The step needs fields; fill them in and unblock it from here.`;
  return { text, blocks: [section(text), actions('fill_unblock', [FillUnblockButton.draw(fitButtonValue(meta), { text: 'Fill in and unblock', style: 'primary' })])] };
}

/** A button value holds 2,000 characters: hints go first, then fields, until it fits. */
function fitButtonValue(meta: UnblockMetadata): UnblockMetadata {
  const fits = (m: UnblockMetadata) => FillUnblockButton.encode(m).length <= 1900;
  if (fits(meta)) return meta;
  let fields = (meta.fields ?? []).map(({ hint: _hint, ...field }) => field);
  while (fields.length > 1 && !fits({ ...meta, fields })) fields = fields.slice(0, -1);
  return { ...meta, fields };
}
