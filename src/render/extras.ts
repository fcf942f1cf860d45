import type { types } from '@slack/bolt';
import type { Annotation, Artifact, FailedExecution, TestCase, TestRun } from '../buildkite/schemas-extra.js';
import { encodeValue } from '../slack/ids.js';
import { VIEW_REST } from '../slack/ids-rest.js';
import { escapeMrkdwn, inlineCode, link, truncate } from './escape.js';
import { checkboxInput, modal, readChecked, readValue, selectInput, type StateValues, textInput } from './form.js';
import { htmlToMrkdwn } from './html-mrkdwn.js';
import { maskSecrets } from './mask.js';
import { type Block, type Message, button, context, section } from './message.js';

/** Artifacts, annotations and Test Engine results: pure renderers. */

export const MAX_DOWNLOAD_BYTES = 10 * 1024 * 1024;

export function humanSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return 'unknown size';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function artifactsMessage(pipeline: string, number: number, artifacts: Artifact[]): Message {
  const blocks: Block[] = [section(`:package: Artifacts of *${escapeMrkdwn(pipeline)} #${number}*`)];
  if (artifacts.length === 0) blocks.push(context('No artifacts.'));
  for (const a of artifacts.slice(0, 45)) {
    const name = a.path || a.filename || a.id;
    const block: Block = { type: 'section', text: { type: 'mrkdwn', text: truncate(`${inlineCode(truncate(name, 300))} · ${humanSize(a.file_size)}`, 3000) } };
    if (a.job_id) {
      block.accessory = button({ actionId: `download_artifact:${a.id}`, text: 'Download', value: encodeValue({ p: pipeline, b: number, j: a.job_id, a: a.id, ...(typeof a.file_size === 'number' ? { z: a.file_size } : {}) }) });
    }
    blocks.push(block);
  }
  if (artifacts.length > 45) blocks.push(context(`…and ${artifacts.length - 45} more.`));
  return { text: `${artifacts.length} artifacts of ${escapeMrkdwn(pipeline)} #${number}`, blocks };
}

const STYLE_EMOJI: Record<string, string> = { success: ':white_check_mark:', info: ':information_source:', warning: ':warning:', error: ':x:' };

export function annotationBlock(a: Annotation, maxBody = 700): Block {
  const emoji = STYLE_EMOJI[a.style ?? ''] ?? ':memo:';
  const body = truncate(maskSecrets(htmlToMrkdwn(a.body_html ?? '')), maxBody);
  return section(truncate(`${emoji} ${inlineCode(a.context || 'default')}\n${body || '_(empty)_'}`, 3000));
}

export function annotationsMessage(pipeline: string, number: number, annotations: Annotation[]): Message {
  const blocks: Block[] = [section(`:memo: Annotations of *${escapeMrkdwn(pipeline)} #${number}*`)];
  if (annotations.length === 0) blocks.push(context('No annotations.'));
  for (const a of annotations.slice(0, 40)) blocks.push(annotationBlock(a, 2800));
  return { text: `${annotations.length} annotations of ${escapeMrkdwn(pipeline)} #${number}`, blocks };
}

export const ANNOTATE_FIELDS = { body: 'body', style: 'style', context: 'context', job: 'job_id', priority: 'priority', append: 'append' } as const;
const A = ANNOTATE_FIELDS;
const STYLES = ['default', 'info', 'success', 'warning', 'error'].map((s) => ({ label: s, value: s }));
const PRIORITIES = Array.from({ length: 10 }, (_, i) => ({ label: String(i + 1), value: String(i + 1) }));

export function annotateModal(meta: string, pipeline: string, number: number): types.ModalView {
  return modal(VIEW_REST.annotate, 'Annotate build', 'Annotate', meta, [
    { type: 'section', text: { type: 'mrkdwn', text: `Annotation on *${escapeMrkdwn(pipeline)} #${number}*` } },
    textInput(A.body, { label: 'Body (Markdown)', multiline: true, maxLength: 3000 }),
    selectInput(A.style, 'Style', STYLES, 'info'),
    textInput(A.context, { label: 'Context', optional: true, placeholder: 'default', hint: 'An annotation with the same context is replaced (or appended to).' }),
    textInput(A.job, { label: 'Job id', optional: true, hint: 'Set it to annotate one job instead of the build.' }),
    selectInput(A.priority, 'Priority', PRIORITIES, '3'),
    checkboxInput(A.append, 'Append', 'Append to an annotation with the same context', false),
  ]);
}

export function readAnnotateForm(values: StateValues) {
  const body = readValue(values, A.body);
  if (!body) return { errors: { [A.body]: 'Write something.' } as Record<string, string> };
  const jobId = readValue(values, A.job);
  if (jobId && !/^[0-9a-f-]{8,64}$/i.test(jobId)) return { errors: { [A.job]: 'That is not a job id.' } as Record<string, string> };
  return {
    annotation: { body, style: readValue(values, A.style) || 'info', context: readValue(values, A.context) || undefined, jobId: jobId || undefined, priority: Number(readValue(values, A.priority) || '3'), append: readChecked(values, A.append) },
  };
}

export interface RunFailures {
  suite: string;
  runId: string;
  executions: FailedExecution[];
  total?: number;
}

function executionLines(e: FailedExecution, expanded: boolean): string {
  const head = `:x: *${escapeMrkdwn(truncate(e.test_name || 'Unnamed test', 200))}*${e.location ? ` ${inlineCode(e.location)}` : ''}`;
  const reason = e.failure_reason ? `> ${escapeMrkdwn(truncate(maskSecrets(e.failure_reason).replace(/\n/g, ' '), 300))}` : '';
  const details = expanded
    ? (e.failure_expanded ?? []).flatMap((f) => [...(f.expanded ?? []), ...(f.backtrace ?? []).slice(0, 5)]).map((l) => escapeMrkdwn(maskSecrets(l))).join('\n')
    : '';
  return [head, reason, details ? `\`\`\`${truncate(details.replace(/```/g, 'ˋˋˋ'), 1200)}\`\`\`` : ''].filter(Boolean).join('\n');
}

export function failedTestsMessage(pipeline: string, number: number, runs: RunFailures[], expanded: boolean): Message {
  const blocks: Block[] = [section(`:test_tube: Failed tests of *${escapeMrkdwn(pipeline)} #${number}*`)];
  if (runs.length === 0) blocks.push(context('No Test Engine runs for this build.'));
  for (const run of runs) {
    const runHead: Block = { type: 'section', text: { type: 'mrkdwn', text: `Suite ${inlineCode(run.suite)} · ${run.total ?? run.executions.length} failed` } };
    if (!expanded && run.executions.length > 0) runHead.accessory = button({ actionId: `failure_details:${run.runId}`, text: 'Failure details', value: encodeValue({ s: run.suite, r: run.runId, p: pipeline, b: number }) });
    blocks.push(runHead);
    for (const e of run.executions.slice(0, 10)) {
      if (blocks.length >= 48) break;
      blocks.push(section(truncate(executionLines(e, expanded), 3000)));
    }
  }
  return { text: `Failed tests of ${escapeMrkdwn(pipeline)} #${number}`, blocks };
}

const runLine = (r: TestRun) =>
  `${r.result === 'failed' ? ':x:' : r.result === 'passed' ? ':white_check_mark:' : ':grey_question:'} ${r.web_url ? link(r.web_url, r.id.slice(0, 8)) : inlineCode(r.id)} ${inlineCode(r.id)} · ${escapeMrkdwn(r.state ?? '')} ${escapeMrkdwn(r.result ?? '')}${r.branch ? ` · ${inlineCode(r.branch)}` : ''}${r.commit_sha ? ` · ${inlineCode(r.commit_sha.slice(0, 7))}` : ''}`;

export function testRunsMessage(suite: string, runs: TestRun[]): Message {
  const blocks: Block[] = [section(`:test_tube: Recent runs of suite ${inlineCode(suite)}`)];
  blocks.push(runs.length ? section(truncate(runs.map(runLine).join('\n'), 3000)) : context('No runs.'));
  blocks.push(context(`Details: \`/buildkite tests ${escapeMrkdwn(suite)} <run-id>\``));
  return { text: `${runs.length} runs of ${escapeMrkdwn(suite)}`, blocks };
}

export function testRunMessage(suite: string, run: TestRun, failed: FailedExecution[]): Message {
  const blocks: Block[] = [section(`:test_tube: Run of suite ${inlineCode(suite)}\n${runLine(run)}`)];
  for (const e of failed.slice(0, 20)) blocks.push(section(truncate(executionLines(e, false), 3000)));
  if (failed.length === 0) blocks.push(context('No failed tests in this run.'));
  return { text: `Run ${escapeMrkdwn(run.id)} of ${escapeMrkdwn(suite)}: ${escapeMrkdwn(run.result ?? run.state ?? '')}`, blocks };
}

export function testMessage(suite: string, t: TestCase): Message {
  const name = [t.scope, t.name].filter(Boolean).join(' ');
  return {
    text: `Test ${escapeMrkdwn(name)}`,
    blocks: [section(truncate(`:test_tube: ${t.web_url ? link(t.web_url, name || t.id) : escapeMrkdwn(name || t.id)}\nSuite ${inlineCode(suite)}${t.location ? ` · ${inlineCode(t.location)}` : ''}${t.file_name ? ` · file ${inlineCode(t.file_name)}` : ''}`, 3000))],
  };
}
