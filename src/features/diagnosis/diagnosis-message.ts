import type { types } from '@slack/bolt';
import { escapeMrkdwn, inlineCode, link, truncate } from '../../render/escape.js';
import { htmlToMrkdwn } from '../../render/html-mrkdwn.js';
import { maskSecrets, maskTail } from '../../render/mask.js';
import { type Block, type Message, context, section } from '../../render/message.js';
import { count } from '../../render/count.js';
import { emojiText } from '../../render/emoji.js';
import type { BuildRef } from '../../slack/refs.js';
import { RetryButton } from '../builds/buttons.js';
import { jobBlockId } from '../builds/build-card.js';
import { OpenCommitLink, OpenDiagnosedBuildLink, OpenDiagnosisLink, OpenFailingTestLink } from './buttons.js';
import type { Evidence, FailedJobEvidence } from './evidence.js';
import { type BranchVerdict, infrastructureCause, type Suggestion, type Verdicts } from './verdicts.js';

// The answer to "Why did it fail?", drawn from what was read and what was decided: pure.

const TESTS_SHOWN = 5;
const ANNOTATIONS_SHOWN = 2;
const LINE_CUT = 240;
/** The suggestion's block: a Retry there gets its outcome written in it (the card action's block). */
const NEXT_BLOCK = 'diagnosis_next';

/** Terminal colours in raw log lines (search_logs of a v1.7 server keeps them), as the log view strips them. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\[[0-9;]{1,12}m/g;

const UNREADABLE_LOG = {
  access: ':lock: Log not readable with your access: your Buildkite authorization does not allow reading build logs (`read_build_logs`).',
  error: ':warning: Its log could not be read from Buildkite.',
} as const;
const UNREADABLE_TESTS = {
  access: ':lock: Failing tests not readable with your access: your Buildkite authorization does not allow reading Test Engine (`read_suites`).',
  error: ':warning: Some failing tests could not be read from Buildkite.',
} as const;

const INFRA_WORDS: Record<string, string> = {
  agent_stop: 'the agent was stopped',
  agent_refused: 'the agent refused the job',
  agent_incompatible: 'no compatible agent ran it',
  process_run_error: 'the agent could not start the job',
  stack_error: 'the stack could not launch the job',
  agent_lost: 'the agent was lost',
  expired: 'no agent picked it up in time',
};

function branchLine(branch: string | null | undefined, verdict: BranchVerdict): string {
  const on = branch ? ` on ${inlineCode(branch)}` : '';
  switch (verdict.kind) {
    case 'newly-broken':
      return `:new: *Newly broken*${on}: #${verdict.lastGreen} before it passed.`;
    case 'already-failing':
      return `:repeat: *Already failing*${on} since #${verdict.since}${verdict.lastGreen ? ` (last green: #${verdict.lastGreen})` : ''}.`;
    case 'unknown':
      return `:grey_question: No earlier finished build${on} to compare with.`;
  }
}

function jobBlocks(job: FailedJobEvidence, logsOff: boolean): Block[] {
  const infra = infrastructureCause(job);
  const exit = job.exitStatus !== undefined && job.exitStatus !== null ? ` · exit ${job.exitStatus}` : '';
  const cause = infra ? `\n:electric_plug: *Infrastructure, not code:* ${INFRA_WORDS[infra] ?? escapeMrkdwn(infra)}${job.signalReason ? ` (${inlineCode(job.signalReason)})` : ''}.` : '';
  const head = section(truncate(`:x: *${escapeMrkdwn(job.title)}* ${escapeMrkdwn(job.state.replace(/_/g, ' '))}${exit}${cause}`, 3000));
  // Said, not left out silently: no lines because the log could not be read.
  if (!logsOff && job.logUnreadable) return [head, context(UNREADABLE_LOG[job.logUnreadable])];
  if (logsOff || job.errorLines.length === 0) return [head];
  // Masked as one text with the lines read above them; then escaped so no line can mention or link.
  const shown = maskTail(job.errorLines.map((l) => l.replace(ANSI, '')), Math.max(1, job.shownLines), 400).map((l) => truncate(escapeMrkdwn(l).replace(/```/g, 'ˋˋˋ'), LINE_CUT));
  while (shown.join('\n').length > 2800 && shown.length > 1) shown.shift();
  return [head, section(`First error lines:\n\`\`\`${truncate(shown.join('\n'), 2800)}\`\`\``)];
}

function testsBlock(evidence: Evidence): Block | undefined {
  if (evidence.tests.length === 0) return undefined;
  const lines = evidence.tests.slice(0, TESTS_SHOWN).map((t) => {
    const name = t.url ? link(t.url, truncate(t.name, 150)) : `*${escapeMrkdwn(truncate(t.name, 150))}*`;
    const where = t.location ? ` ${inlineCode(truncate(t.location, 150))}` : '';
    const reason = t.reason ? `\n    ${escapeMrkdwn(truncate(maskSecrets(t.reason).split('\n')[0] ?? '', 200))}` : '';
    return `• ${name}${where}${reason}`;
  });
  const more = evidence.tests.length > TESTS_SHOWN ? `\n…and ${count(evidence.tests.length - TESTS_SHOWN, 'more failing test')}` : '';
  return section(truncate(`:test_tube: *Failing tests*\n${lines.join('\n')}${more}`, 3000));
}

function annotationBlocks(evidence: Evidence): Block[] {
  return evidence.annotations.slice(0, ANNOTATIONS_SHOWN).map((a) => {
    const body = truncate(maskSecrets(emojiText(htmlToMrkdwn(a.bodyHtml, 8192))), 400);
    return context(truncate(`${a.style === 'error' ? ':rotating_light:' : ':warning:'} ${inlineCode(a.context)} ${body}`, 3000));
  });
}

function nextBlock(ref: BuildRef, next: Suggestion): Block {
  let text: string;
  let accessory: types.Button;
  switch (next.kind) {
    case 'retry':
      text = `*Next:* retry ${escapeMrkdwn(next.job.title)}: ${next.because === 'flaky' ? 'it looks flaky' : 'the infrastructure failed it, not the code'}.`;
      accessory = RetryButton.draw({ ...ref, job: next.job.id, title: truncate(next.job.title, 100) }, { text: 'Retry this job', row: next.job.id, style: 'primary' });
      return { type: 'section', block_id: jobBlockId(next.job.id), text: { type: 'mrkdwn', text }, accessory };
    case 'open-test':
      text = `*Next:* open the failing test ${escapeMrkdwn(truncate(next.name, 150))}.`;
      accessory = OpenFailingTestLink.draw(next.url, { text: 'Open the failing test' });
      break;
    case 'open-commit':
      text = '*Next:* look at the commit that broke it.';
      accessory = OpenCommitLink.draw(next.url, { text: 'Open the commit' });
      break;
    case 'open-build':
      text = '*Next:* look at the build in Buildkite.';
      accessory = OpenDiagnosedBuildLink.draw(next.url, { text: 'Open the build' });
      break;
  }
  return { type: 'section', block_id: NEXT_BLOCK, text: { type: 'mrkdwn', text }, accessory };
}

export interface DiagnosisInput {
  ref: BuildRef;
  evidence: Evidence;
  verdicts: Verdicts;
  askedBy: string;
  logsOff: boolean;
}

export function diagnosisMessage({ ref, evidence, verdicts, askedBy, logsOff }: DiagnosisInput): Message {
  const label = `${ref.pipeline} #${ref.build}`;
  const blocks: Block[] = [section(truncate(`:mag: *Why ${link(evidence.build.webUrl, label)} failed*\n${branchLine(evidence.build.branch, verdicts.branch)}`, 3000))];
  for (const flaky of verdicts.flaky) {
    const job = evidence.jobs.find((j) => j.key === flaky.key);
    blocks.push(context(`:twisted_rightwards_arrows: *Likely flaky:* ${escapeMrkdwn(job?.title ?? flaky.key)} failed then passed on retry in #${flaky.build}.`));
  }
  for (const job of evidence.jobs) blocks.push(...jobBlocks(job, logsOff));
  if (evidence.jobsUnknown) blocks.push(context(`:warning: The job list is unavailable: this Buildkite connection returns builds without their jobs. ${link(evidence.build.webUrl, 'Open the build')} for its jobs and logs.`));
  else if (evidence.jobs.length === 0) blocks.push(context('No failed job was found: the build may have been canceled.'));
  if (evidence.moreJobs > 0) blocks.push(context(`…and ${count(evidence.moreJobs, 'more failed job')}: ${link(evidence.build.webUrl, 'open the build')}.`));
  if (logsOff && evidence.jobs.length > 0) blocks.push(context('Log lines are off in this channel: *Logs* on the card shows them to you privately.'));
  const tests = testsBlock(evidence);
  if (tests) blocks.push(tests);
  if (evidence.testsUnreadable) blocks.push(context(UNREADABLE_TESTS[evidence.testsUnreadable]));
  blocks.push(...annotationBlocks(evidence));
  blocks.push(nextBlock(ref, verdicts.next));
  const source = evidence.source === 'summary' ? "Buildkite's failure summary" : 'the build, its logs, annotations and tests';
  blocks.push(context(`Asked by <@${askedBy}> · read as them from ${source} in ${count(evidence.calls, 'Buildkite call')}${evidence.cutShort ? ' (some reads left out to stay within the budget)' : ''} · answered once per build here`));
  const verdictWord = verdicts.branch.kind === 'newly-broken' ? 'newly broken' : verdicts.branch.kind === 'already-failing' ? 'already failing' : 'failed';
  // The notification's text: a step label in it could ping or forge a link like any other Buildkite string.
  const first = evidence.jobs[0] ? `, ${escapeMrkdwn(truncate(evidence.jobs[0].title, 150))}` : '';
  return { text: `Why ${escapeMrkdwn(label)} failed: ${verdictWord}${first}`, blocks };
}

/** A second ask: the first answer, by link, and nothing read from Buildkite. */
export function alreadyAnswered(ref: BuildRef, permalink: string | undefined, askedBy: string): Message {
  const where = permalink ? link(permalink, 'the first answer') : 'the first answer in the thread of its card';
  const text = `:mag: *${escapeMrkdwn(`${ref.pipeline} #${ref.build}`)}* was already diagnosed here (asked by <@${askedBy}>): see ${where}.`;
  return { text, blocks: [section(text), ...(permalink ? [{ type: 'actions' as const, elements: [OpenDiagnosisLink.draw(permalink, { text: 'Open the answer' })] }] : [])] };
}

/** Someone else's ask of the same build is being answered right now. */
export function beingAnswered(ref: BuildRef): Message {
  const text = `:hourglass_flowing_sand: *${escapeMrkdwn(`${ref.pipeline} #${ref.build}`)}* is being diagnosed right now: the answer will be in the thread of its card.`;
  return { text, blocks: [section(text)] };
}

/** Asked of a build that did not fail. */
export function notFailed(ref: BuildRef, state: string): Message {
  const text = `:white_check_mark: *${escapeMrkdwn(`${ref.pipeline} #${ref.build}`)}* has not failed (it is ${escapeMrkdwn(state.replace(/_/g, ' '))}): nothing to diagnose.`;
  return { text, blocks: [section(text)] };
}
