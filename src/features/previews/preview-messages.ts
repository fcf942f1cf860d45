import type { Build, Job } from '../../buildkite/builds.js';
import { emojiLabel } from '../../render/emoji.js';
import type { BlockField } from '../../buildkite/block-fields.js';
import { FAILED_JOB_STATES, buildShownState, buildStateWords, jobStateWords } from '../../buildkite/states.js';
import { escapeMrkdwn, inlineCode, link, truncate } from '../../render/escape.js';
import { maskLines } from '../../render/mask.js';
import { type Block, type Message, actions, context, section } from '../../render/message.js';
import { jobEmoji, stateEmoji } from '../../render/state-emoji.js';
import type { BuildRef } from '../../slack/refs.js';
import { attemptNote, jobTitle, retryAccessory, unblockAccessory } from '../builds/build-card.js';
import { buildLine, buildTiming, firstLine, shortCommit } from '../builds/status-message.js';
import { ShowPreviewButton, SkipPreviewButton, type PendingPreview } from './buttons.js';

/** A preview sits under someone's message: it names the failures and no more. */
const MAX_JOBS = 5;
const ERROR_LINES = 3;
const JOB_LOG_LINES = 10;
const ERROR_LINE = /\b(error|fail(ed|ure)?|exception|panic|fatal|traceback)\b/i;

export interface BuildPreviewInput {
  build: Build;
  pipeline: string;
  now: Date;
  /** Log tails of failed jobs, by job id (already fetched). */
  logs: Map<string, string[]>;
  /** Fields of blocked steps, by job id, as the card knows them. */
  blockFields: Map<string, BlockField[]>;
}

/** The first lines that look like the failure (else the last ones), masked and shortened. */
export function firstErrorLines(lines: readonly string[]): string[] {
  const masked = maskLines(lines, 400);
  const at = masked.findIndex((l) => ERROR_LINE.test(l));
  const picked = at >= 0 ? masked.slice(at, at + ERROR_LINES) : masked.slice(-ERROR_LINES);
  return picked.map((l) => truncate(escapeMrkdwn(l).replace(/```/g, 'ˋˋˋ'), 200));
}

const codeBlock = (lines: string[]): string => `\`\`\`${lines.join('\n') || ' '}\`\`\``;

function headline(build: Build, pipeline: string): string {
  return truncate(
    [
      `${stateEmoji(buildShownState(build))} *${link(build.web_url, `${pipeline} #${build.number}`)}* ${escapeMrkdwn(buildStateWords(build))}${build.branch ? ` · ${inlineCode(build.branch)}` : ''}${build.commit ? ` · ${inlineCode(shortCommit(build.commit))}` : ''}`,
      escapeMrkdwn(truncate(firstLine(build.message), 200)),
    ].join('\n'),
    3000,
  );
}

function failedJobSection(ref: BuildRef, build: Build, job: Job, lines: string[] | undefined): Block {
  const title = `${jobEmoji(job)} *${link(job.web_url || `${build.web_url}#${job.id}`, jobTitle(job))}* ${escapeMrkdwn(jobStateWords(job))}${attemptNote(job)}`;
  const errors = lines && lines.length > 0 ? `\n${codeBlock(firstErrorLines(lines))}` : '';
  const block: Block = { type: 'section', text: { type: 'mrkdwn', text: truncate(`${title}${errors}`, 3000) } };
  const retry = retryAccessory(ref, job, build.state);
  if (retry) block.accessory = retry;
  return block;
}

function blockedJobSection(ref: BuildRef, job: Job, fields: BlockField[] | undefined): Block {
  const block: Block = { type: 'section', text: { type: 'mrkdwn', text: truncate(`${stateEmoji('blocked')} *${escapeMrkdwn(jobTitle(job))}* is waiting to be unblocked`, 3000) } };
  const unblock = unblockAccessory(ref, job, fields);
  if (unblock) block.accessory = unblock;
  return block;
}

/** A build under a pasted link: its state, who started it (in the timing line), failed jobs with their first error lines, Retry and Unblock. */
export function buildPreview(input: BuildPreviewInput): Message {
  const { build, pipeline } = input;
  const ref: BuildRef = { pipeline, build: build.number };
  const jobs = (build.jobs ?? []).filter((j) => j.type !== 'waiter' && !j.retried);
  const failed = jobs.filter((j) => FAILED_JOB_STATES.has(j.state));
  const blocked = jobs.filter((j) => j.type === 'manual' && j.state === 'blocked');
  const blocks: Block[] = [section(headline(build, pipeline))];
  for (const job of failed.slice(0, MAX_JOBS)) blocks.push(failedJobSection(ref, build, job, input.logs.get(job.id)));
  for (const job of blocked.slice(0, MAX_JOBS)) blocks.push(blockedJobSection(ref, job, input.blockFields.get(job.id)));
  const hidden = Math.max(0, failed.length - MAX_JOBS) + Math.max(0, blocked.length - MAX_JOBS);
  const timing = buildTiming(build, input.now);
  blocks.push(context(truncate([timing && `_${timing}_`, hidden > 0 ? `…and ${hidden} more failed or blocked jobs` : ''].filter(Boolean).join(' · ') || `${pipeline} #${build.number}`, 3000)));
  const summary = `${pipeline} #${build.number} is ${buildStateWords(build)}${failed.length ? ` (${failed.length} failed)` : ''}${blocked.length ? ` (${blocked.length} blocked)` : ''}`;
  return { text: summary, blocks };
}

/** One job under a pasted job link: its state, the end of its log, Retry when Buildkite allows it. */
export function jobPreview(build: Build, pipeline: string, job: Job, lines: string[] | undefined, now: Date): Message {
  const ref: BuildRef = { pipeline, build: build.number };
  const head = `${jobEmoji(job)} *${link(job.web_url || `${build.web_url}#${job.id}`, jobTitle(job))}* ${escapeMrkdwn(jobStateWords(job))} in ${link(build.web_url, `${pipeline} #${build.number}`)}${build.branch ? ` · ${inlineCode(build.branch)}` : ''}`;
  const tail = lines && lines.length > 0 ? maskLines(lines, 400).slice(-JOB_LOG_LINES).map((l) => truncate(escapeMrkdwn(l).replace(/```/g, 'ˋˋˋ'), 200)) : [];
  const block: Block = { type: 'section', text: { type: 'mrkdwn', text: truncate(`${head}${tail.length ? `\n${codeBlock(tail)}` : ''}`, 3000) } };
  const retry = retryAccessory(ref, job, build.state);
  if (retry) block.accessory = retry;
  const timing = buildTiming(build, now);
  return { text: `${jobTitle(job)} ${job.state} in ${pipeline} #${build.number}`, blocks: [block, ...(timing ? [context(`_${timing}_`)] : [])] };
}

/** A pipeline under a pasted pipeline link: its latest builds. */
export function pipelinePreview(pipeline: { slug: string; name: string; web_url?: string | null }, builds: Build[], now: Date): Message {
  const title = pipeline.web_url ? link(pipeline.web_url, emojiLabel(pipeline.name)) : escapeMrkdwn(emojiLabel(pipeline.name));
  const blocks: Block[] = [section(`*${title}*: latest builds`)];
  if (builds.length === 0) blocks.push(context('No builds yet.'));
  for (const build of builds) blocks.push(buildLine(build, now));
  return { text: `${pipeline.name}: ${builds.map((b) => `#${b.number} ${buildStateWords(b)}`).join(', ') || 'no builds'}`, blocks };
}

/** Asked privately of the poster before a private pipeline's build is shown to the whole channel. */
export function previewConsent(pending: PendingPreview, what: string): Message {
  const question = `Show a preview of ${what} in <#${pending.channel}>? Its pipeline is private: everyone in the channel would see the build, its jobs and log lines.`;
  return {
    text: question,
    blocks: [
      section(`:lock: ${question}`),
      actions('preview_consent', [ShowPreviewButton.draw(pending, { text: 'Show preview', style: 'primary' }), SkipPreviewButton.draw(pending, { text: 'Not this time' })]),
    ],
  };
}
