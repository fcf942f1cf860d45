import { count } from '../../render/count.js';
import { emojiLabel } from '../../render/emoji.js';
import { escapeMrkdwn, inlineCode, link, truncate } from '../../render/escape.js';
import { type Block, type Message, context, section } from '../../render/message.js';
import { compactDuration } from '../../render/time.js';
import { ALL_PIPELINES } from '../../store/digests.js';
import type { DigestData, SlowStep } from './digest-compute.js';

/** Items a list shows before "and N more": 20 pipelines' worth of any list still fits one message. */
export const LIST_LIMIT = 5;
/** A pipeline or step name is cut to this, so a list of LIST_LIMIT stays far under a section's 3,000 characters. */
const NAME_LIMIT = 60;

const name = (text: string) => inlineCode(truncate(text, NAME_LIMIT));
const stepName = (text: string) => escapeMrkdwn(truncate(emojiLabel(text), NAME_LIMIT));

/** "`web`" or "all pipelines". */
export const scopeWords = (scope: string) => (scope === ALL_PIPELINES ? 'all pipelines' : name(scope));

/** "25 Nov" in the digest's time zone. */
const shortDate = (at: Date, timeZone: string) => new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' }).format(at);

/** The lines of a list, the first LIST_LIMIT of them, and how many more there were. */
function capped(lines: string[]): string {
  const shown = lines.slice(0, LIST_LIMIT).map((line) => `• ${line}`);
  if (lines.length > LIST_LIMIT) shown.push(`_and ${lines.length - LIST_LIMIT} more_`);
  return shown.join('\n');
}

function trend(step: SlowStep, cadence: DigestData['cadence']): string {
  if (step.previousMedianMs === undefined) return '';
  const delta = step.medianMs - step.previousMedianMs;
  const than = cadence === 'weekly' ? 'last week' : 'the day before';
  if (Math.abs(delta) < 1_000) return ` (same as ${than})`;
  return ` (${delta > 0 ? ':arrow_up_small:' : ':arrow_down_small:'} ${compactDuration(Math.abs(delta))} vs ${than})`;
}

/** The chart's title: what it shows and for which period. */
export function chartTitle(data: DigestData, timeZone: string): string {
  const what = data.scope === ALL_PIPELINES ? 'All pipelines' : truncate(data.scope, NAME_LIMIT);
  return `${what}: pass rate and build time, ${shortDate(data.from, timeZone)} – ${shortDate(data.to, timeZone)}`;
}

/** The digest as one message: every list capped, every Buildkite string escaped. */
export function digestMessage(data: DigestData, timeZone: string, now: Date, readAs: { userId: string; scheduled: boolean }): Message {
  const period = `${shortDate(data.from, timeZone)} – ${shortDate(data.to, timeZone)}`;
  const rate = data.passed + data.failed > 0 ? `${Math.round((data.passed / (data.passed + data.failed)) * 100)}% passed` : 'nothing finished';
  const heading = `*${data.cadence === 'weekly' ? 'Weekly' : 'Daily'} digest* of ${scopeWords(data.scope)} · ${period}`;
  const blocks: Block[] = [section(`${heading}\n${count(data.builds, 'build')} in ${count(data.pipelines, 'pipeline')} · ${rate} · ${count(data.failed, 'failed build')}`)];

  const red = data.red.map((r) => `${name(r.pipeline)} on ${name(r.branch)} red for ${compactDuration(now.getTime() - r.redSince.getTime())} (${link(r.build.url, `#${r.build.number}`)})`);
  blocks.push(section(`:red_circle: *Red now*\n${red.length > 0 ? capped(red) : 'Nothing: every branch that failed was fixed.'}`));

  if (data.fixed.length > 0) {
    const fixed = data.fixed.map((f) => `${name(f.pipeline)} on ${name(f.branch)}: fixed in ${compactDuration(f.timeToFixMs)} (by #${f.fixedBy})`);
    blocks.push(section(`:wrench: *Time to fix*\n${capped(fixed)}`));
  }
  if (data.flaky.length > 0) {
    const flaky = data.flaky.map((f) => `${name(f.pipeline)} · ${stepName(f.step)}: failed then passed on retry in ${count(f.count, 'build')}`);
    blocks.push(section(`:game_die: *Flakiest steps*\n${capped(flaky)}`));
  }
  if (data.slowest.length > 0) {
    const slow = data.slowest.map((s) => `${name(s.pipeline)} · ${stepName(s.step)}: ${compactDuration(s.medianMs)} median${trend(s, data.cadence)}`);
    blocks.push(section(`:turtle: *Slowest steps*\n${capped(slow)}`));
  }
  if (data.waiting.length > 0) {
    const waiting = data.waiting.map((w) => `${name(w.pipeline)} ${link(w.url, `#${w.number}`)} waiting for approval for ${compactDuration(now.getTime() - w.since.getTime())}`);
    blocks.push(section(`:hourglass_flowing_sand: *Blocked the longest*\n${capped(waiting)}`));
  }
  if (data.queues.length > 0) {
    const queues = [...data.queues]
      .sort((a, b) => Number(b.paused) - Number(a.paused) || b.busy - a.busy)
      .map((q) => `${name(`${q.cluster}/${q.queue}`)}: ${q.connected} connected, ${q.busy} busy${q.paused ? ' · :double_vertical_bar: paused' : ''}`);
    blocks.push(section(`:gear: *Queues now*\n${capped(queues)}`));
  }
  const off = readAs.scheduled ? ` · \`/buildkite digest off ${data.scope}\` stops it` : '';
  const publicOnly = data.publicOnly ? ' · public pipelines only: this channel is public' : '';
  blocks.push(context(`Read with <@${readAs.userId}>'s Buildkite access${publicOnly}${off}`));
  return { text: `${data.cadence === 'weekly' ? 'Weekly' : 'Daily'} digest of ${data.scope === ALL_PIPELINES ? 'all pipelines' : escapeMrkdwn(truncate(data.scope, NAME_LIMIT))}: ${rate}`, blocks };
}

/** The digest posted without its chart because the bot is not in the channel: how to have it next time. */
export function withoutChart(message: Message): Message {
  return { ...message, blocks: [...message.blocks, context(':frame_with_picture: The chart comes with the digest once the bot is in this channel: `/invite` the Buildkite app here.')] };
}
