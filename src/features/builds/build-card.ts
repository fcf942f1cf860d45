import type { types } from '@slack/bolt';
import type { Build, Job } from '../../buildkite/builds.js';
import type { BlockField } from '../../buildkite/block-fields.js';
import type { BuildRef } from '../../slack/refs.js';
import { RetryButton, UnblockButton } from './buttons.js';
import { escapeMrkdwn, inlineCode, link, truncate } from '../../render/escape.js';
import { maskTail } from '../../render/mask.js';
import { emojiLabel } from '../../render/emoji.js';
import { type Block, type Message, MESSAGE_TEXT_BUDGET, context, section, textLength } from '../../render/message.js';
import { FAILED_JOB_STATES, RUNNING_JOB_STATES, WAITING_JOB_STATES, buildShownState, buildStateWords, canRetry, jobStateWords } from '../../buildkite/states.js';
import { jobEmoji, stateEmoji } from '../../render/state-emoji.js';
import { buildTiming, firstLine, shortCommit } from './status-message.js';
import type { Annotation } from '../../buildkite/annotations.js';
import { annotationBlocks, buildCardRow } from './build-card-row.js';
import { count } from '../../render/count.js';
import { NOTE_BLOCK } from '../../slack/cards/card-blocks.js';
import { approvalBlocks } from '../approvals/approval-card.js';
import { type ApprovalPolicy, approversOf } from '../approvals/approval-policy.js';

/** Slack allows 50 blocks per message; the card keeps a few for its header and footer. */
const MAX_BLOCKS = 50;
/**
 * A card is for scanning: this many failed jobs are shown with their rows (and log lines);
 * the rest are named in one line, and Retry all failed covers them all.
 */
const JOBS_SHOWN = 3;
/** Blocked steps are waiting for a person: a couple keep their Unblock even beside failures. */
const BLOCKED_SHOWN = 2;
const LOG_LINES = 15;
/** Log lines are cut to this before masking: the card shows 240 characters of each. */
const LOG_LINE_CUT = 400;

export interface BuildCardInput {
  build: Build;
  pipeline: string;
  now: Date;
  /** The last log lines of failed jobs, by job id (already fetched; renderers never fetch). */
  logs?: Map<string, string[]>;
  /** Fields of blocked steps, by job id, so Unblock can open a modal without asking Buildkite first. */
  blockFields?: Map<string, BlockField[]>;
  /** The build's annotations (already fetched), shown shortened above the buttons. */
  annotations?: Annotation[];
  /** The channel turned log lines off: say so once, so nobody thinks the job printed nothing. */
  logsOff?: boolean;
  /** A line about the last action on this card ("🔁 Retried by @jane …"). */
  note?: string;
  /** How many Test Engine runs the build reported, when that was read (0 hides Failed tests). */
  testRuns?: number;
  /** The channel's approval policy: its approvers are shown under a blocked step its YAML names no teams for. */
  approvals?: ApprovalPolicy | undefined;
  /** The Buildkite teams a blocked step's YAML lets unblock it (`allowed_teams`), by job id. */
  allowedTeams?: Map<string, string[]>;
}

/** A job's name as people read it in Slack: Buildkite-only emoji dropped (see render/emoji.ts). */
export const jobTitle = (job: Job): string => emojiLabel(job.name || job.label || job.step_key || 'Unnamed step');

export const jobBlockId = (jobId: string): string => `job:${jobId}`;

function jobLink(build: Build, job: Job): string {
  // Buildkite's job URL is the build URL with the job id as fragment (full builds blank job web_url).
  return link(job.web_url || `${build.web_url}#${job.id}`, jobTitle(job));
}

function logBlock(lines: string[]): Block {
  // Masked in order over every fetched line (the loader reads more than are shown), so a key spread over
  // lines is masked even when its header is above the lines shown.
  const masked = maskTail(lines, LOG_LINES, LOG_LINE_CUT).map((l) => truncate(escapeMrkdwn(l).replace(/```/g, 'ˋˋˋ'), 240));
  let body = masked.join('\n');
  while (body.length > 2900 && masked.length > 1) body = masked.splice(0, 1) && masked.join('\n');
  return section(`\`\`\`${body || ' '}\`\`\``);
}

function failedJobBlock(ref: BuildRef, build: Build, job: Job, primary: boolean): Block {
  const exit = job.exit_status !== undefined && job.exit_status !== null ? ` · exit ${job.exit_status}` : '';
  const block: Block = {
    type: 'section',
    block_id: jobBlockId(job.id),
    text: { type: 'mrkdwn', text: truncate(`${jobEmoji(job)} *${jobLink(build, job)}* ${escapeMrkdwn(jobStateWords(job))}${exit}${attemptNote(job)}`, 3000) },
  };
  const retry = retryAccessory(ref, job, build.state, primary);
  if (retry) block.accessory = retry;
  return block;
}

/** A retried job's attempt: Buildkite lists only the newest, so it is attempt N of N. */
export const attemptNote = (job: Job): string => (job.retries_count ? ` · attempt ${job.retries_count + 1} of ${job.retries_count + 1}` : '');

/**
 * Retry for a job, where Buildkite allows it (a retried job is retried through its newest attempt);
 * styled primary when it is the card's one main action.
 */
export function retryAccessory(ref: BuildRef, job: Job, buildState: string, primary = false): types.Button | undefined {
  if (!canRetry(job, buildState)) return undefined;
  return RetryButton.draw({ ...ref, job: job.id, title: truncate(jobTitle(job), 100) }, { text: 'Retry', row: job.id, ...(primary ? { style: 'primary' as const } : {}) });
}

/**
 * Unblock for a block step. Only ids travel in the button: on click a form confirms what is released,
 * with the step's fields (read again then, as the clicker).
 */
export function unblockAccessory(ref: BuildRef, job: Job, fields: BlockField[] | undefined, primary = true): types.Button | undefined {
  if (job.unblockable === false) return undefined;
  const value = { ...ref, job: job.id, title: truncate(jobTitle(job), 100), ...(fields?.length ? { hasFields: true as const } : {}) };
  return UnblockButton.draw(value, { text: 'Unblock', row: job.id, ...(primary ? { style: 'primary' as const } : {}) });
}

function blockedJobBlock(ref: BuildRef, job: Job, fields: BlockField[] | undefined, primary: boolean): Block {
  const block: Block = {
    type: 'section',
    block_id: jobBlockId(job.id),
    text: { type: 'mrkdwn', text: truncate(`${stateEmoji('blocked')} *${escapeMrkdwn(jobTitle(job))}* is waiting to be unblocked`, 3000) },
  };
  const unblock = unblockAccessory(ref, job, fields, primary);
  if (unblock) block.accessory = unblock;
  return block;
}

/** One line naming the failed and blocked jobs the card has no row for. */
function restOfJobs(failed: Job[], blocked: Job[], buildUrl: string): Block | undefined {
  if (failed.length + blocked.length === 0) return undefined;
  const names = (list: Job[]) => `${list.slice(0, 8).map((j) => escapeMrkdwn(jobTitle(j))).join(', ')}${list.length > 8 ? ', …' : ''}`;
  const parts = [
    ...(failed.length > 0 ? [`${stateEmoji('failed')} ${failed.length} more failed: ${names(failed)}`] : []),
    ...(blocked.length > 0 ? [`${stateEmoji('blocked')} ${blocked.length} more blocked: ${names(blocked)}`] : []),
  ];
  return context(truncate(`${parts.join('   ')} · ${link(buildUrl, 'open the build')}`, 3000));
}

export function buildCard(input: BuildCardInput): Message {
  const { build, pipeline } = input;
  const ref: BuildRef = { pipeline, build: build.number };
  const jobs = (build.jobs ?? []).filter((j) => j.type !== 'waiter' && !j.retried);
  // Those a person can retry first: the rows shown are the ones with something to click.
  const failed = jobs
    .filter((j) => FAILED_JOB_STATES.has(j.state) || (j.state === 'canceled' && j.type === 'script'))
    .sort((a, b) => Number(canRetry(b, build.state)) - Number(canRetry(a, build.state)));
  const blocked = jobs.filter((j) => j.type === 'manual' && j.state === 'blocked');
  const running = jobs.filter((j) => RUNNING_JOB_STATES.has(j.state));
  // Blocked steps are listed on their own, with Unblock.
  const waiting = jobs.filter((j) => WAITING_JOB_STATES.has(j.state) && !(j.type === 'manual' && j.state === 'blocked'));
  const passed = jobs.filter((j) => j.state === 'passed');

  const head: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${pipeline} #${build.number} · ${buildStateWords(build)}`, 150), emoji: true } },
    section(
      truncate(
        [
          `${stateEmoji(buildShownState(build))} ${link(build.web_url, `${pipeline} #${build.number}`)}${build.branch ? ` · ${inlineCode(build.branch)}` : ''}${build.commit ? ` · ${inlineCode(shortCommit(build.commit))}` : ''}`,
          escapeMrkdwn(truncate(firstLine(build.message), 300)),
          `_${buildTiming(build, input.now)}_`,
        ].join('\n'),
        3000,
      ),
    ),
  ];
  const tail: Block[] = [];
  if (passed.length > 0 || running.length > 0 || waiting.length > 0) {
    const parts = [];
    const names = (list: Job[]) => `${list.slice(0, 5).map((j) => escapeMrkdwn(jobTitle(j))).join(', ')}${list.length > 5 ? '…' : ''}`;
    if (running.length > 0) parts.push(`${stateEmoji('running')} ${running.length} running: ${names(running)}`);
    if (waiting.length > 0) parts.push(`${stateEmoji('waiting')} ${waiting.length} waiting: ${names(waiting)}`);
    if (passed.length > 0) parts.push(`${stateEmoji('passed')} ${passed.length} passed`);
    tail.push(context(truncate(parts.join('   '), 3000)));
  }
  if (input.note) tail.push({ type: 'context', block_id: NOTE_BLOCK, elements: [{ type: 'mrkdwn', text: truncate(input.note, 3000) }] });
  tail.push(...annotationBlocks(input.annotations));
  const retryable = failed.filter((j) => canRetry(j, build.state));
  tail.push(buildCardRow({ ref, build, retryable, firstFailed: failed[0], testRuns: input.testRuns }));
  // One primary button per card: Retry all failed when two or more jobs can be retried, else the one
  // job's Retry, else the first Unblock.
  const primaryJobId = retryable.length === 1 ? retryable[0]!.id : retryable.length === 0 ? blocked.find((j) => j.unblockable !== false)?.id : undefined;

  // The first failed and blocked jobs get what room is left, in blocks and in text (Slack refuses a
  // message with too much text in all); logs only while there is room for them.
  const body: Block[] = [];
  const room = () => MAX_BLOCKS - head.length - tail.length - body.length - 1; // 1 for the line naming the rest
  const FOOTNOTE_TEXT = 600;
  let textLeft = MESSAGE_TEXT_BUDGET - textLength(head) - textLength(tail) - FOOTNOTE_TEXT;
  const fits = (block: Block) => {
    const size = textLength(block);
    if (size > textLeft) return false;
    textLeft -= size;
    return true;
  };
  const shownFailed: Job[] = [];
  for (const job of failed.slice(0, JOBS_SHOWN)) {
    const jobBlock = failedJobBlock(ref, build, job, job.id === primaryJobId);
    if (room() < 1 || !fits(jobBlock)) break;
    body.push(jobBlock);
    shownFailed.push(job);
    const lines = input.logs?.get(job.id);
    if (lines && lines.length > 0 && room() >= 1) {
      const log = logBlock(lines);
      if (fits(log)) body.push(log);
    }
  }
  const shownBlocked: Job[] = [];
  for (const job of blocked.slice(0, BLOCKED_SHOWN)) {
    const jobBlock = blockedJobBlock(ref, job, input.blockFields?.get(job.id), job.id === primaryJobId);
    if (room() < 1 || !fits(jobBlock)) break;
    body.push(jobBlock);
    shownBlocked.push(job);
    // Who may approve, and Ask for approval: where there is room for them.
    const approval = approvalBlocks(ref, job, jobTitle(job), approversOf(input.approvals, input.allowedTeams?.get(job.id)));
    if (room() >= approval.length && approval.every(fits)) body.push(...approval);
  }
  if (input.logsOff && failed.length > 0 && room() >= 1) body.push(context('Log lines are not shown here: *Logs* shows them to you privately.'));
  if (build.jobs === undefined || build.jobs === null) {
    // Newer Buildkite servers no longer list jobs with the build, and this connector does not offer
    // list_jobs: say so plainly instead of showing none.
    body.push(context(`:warning: The job list is unavailable: this Buildkite connection returns builds without their jobs. ${link(build.web_url, 'Open the build')} to see its jobs and logs.`));
  }
  if (build.jobs_cut_short) {
    body.push(context(`:warning: This build has more than ${(build.jobs ?? []).length} jobs; the card shows the first ${(build.jobs ?? []).length}. ${link(build.web_url, 'Open the build')} for the rest.`));
  }
  const rest = restOfJobs(failed.filter((j) => !shownFailed.includes(j)), blocked.filter((j) => !shownBlocked.includes(j)), build.web_url);
  if (rest) body.push(rest);
  if (failed.length === 0 && blocked.length === 0 && passed.length > 0 && running.length === 0) {
    tail[0] = context(`${stateEmoji('passed')} ${passed.length === 1 ? 'Its one job passed' : `All ${passed.length} jobs passed`}`);
  } else if (passed.length > 0 && (failed.length > 0 || blocked.length > 0)) {
    const first = tail[0];
    if (first && first.type === 'context') {
      tail[0] = context(truncate(`${(first.elements[0] as { text: string }).text.replace(/\d+ passed$/, '')}…and ${count(passed.length, 'more passed job', 'more passed jobs')}`, 3000));
    }
  }
  const summary = `${pipeline} #${build.number} is ${buildStateWords(build)}${failed.length ? ` (${failed.length} failed)` : ''}${blocked.length ? ` (${blocked.length} blocked)` : ''}`;
  return { text: summary, blocks: [...head, ...body, ...tail] };
}
