import { FailureDetailsButton, OpenTestRunButton } from './buttons.js';
import type { FailedExecution, TestCase, TestRun } from '../../buildkite/test-engine.js';
import { ago, parseTime } from '../../render/time.js';
import { escapeMrkdwn, inlineCode, link, truncate } from '../../render/escape.js';
import { maskSecrets } from '../../render/mask.js';
import { type Block, type Message, context, section } from '../../render/message.js';
import { count } from '../../render/count.js';

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
    if (!expanded && run.executions.length > 0) runHead.accessory = FailureDetailsButton.draw({ suite: run.suite, run: run.runId, pipeline, build: number }, { text: 'Failure details', row: run.runId });
    blocks.push(runHead);
    for (const e of run.executions.slice(0, 10)) {
      if (blocks.length >= 48) break;
      blocks.push(section(truncate(executionLines(e, expanded), 3000)));
    }
  }
  return { text: `Failed tests of ${escapeMrkdwn(pipeline)} #${number}`, blocks };
}

/**
 * A run named by the build it tested (branch and commit) and when, not by its id: run ids of one
 * suite share their first characters (UUIDv7), so a prefix tells them apart badly.
 */
function runLine(r: TestRun, now: Date): string {
  const emoji = r.result === 'failed' ? ':x:' : r.result === 'passed' ? ':white_check_mark:' : ':grey_question:';
  const build = [r.branch ? inlineCode(r.branch) : undefined, r.commit_sha ? inlineCode(r.commit_sha.slice(0, 7)) : undefined].filter(Boolean).join(' @ ') || 'a build';
  const created = parseTime(r.created_at);
  const when = created ? ago(created, now) : undefined;
  const title = `Run of ${build}${when ? `, ${when}` : ''}`;
  const outcome = [r.result, r.state].filter(Boolean).map((w) => escapeMrkdwn(w!)).join(' · ');
  return `${emoji} ${r.web_url ? link(r.web_url, title.replace(/`/g, '')) : title}${outcome ? ` · ${outcome}` : ''}`;
}

/** A suite's recent runs, each with a button to its failed tests (no ids to copy). */
export function testRunsMessage(suite: string, runs: TestRun[], now: Date): Message {
  const blocks: Block[] = [section(`:test_tube: Recent runs of suite ${inlineCode(suite)}`)];
  if (runs.length === 0) blocks.push(context('No runs.'));
  for (const run of runs.slice(0, 20)) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(runLine(run, now), 3000) }, accessory: OpenTestRunButton.draw({ suite, run: run.id }, { text: run.result === 'failed' ? 'Failed tests' : 'Details', row: run.id }) });
  }
  return { text: `${count(runs.length, 'run')} of ${escapeMrkdwn(suite)}`, blocks };
}

export function testRunMessage(suite: string, run: TestRun, failed: FailedExecution[], now: Date): Message {
  const blocks: Block[] = [section(`:test_tube: Suite ${inlineCode(suite)}\n${runLine(run, now)}`)];
  for (const e of failed.slice(0, 20)) blocks.push(section(truncate(executionLines(e, false), 3000)));
  if (failed.length === 0) blocks.push(context('No failed tests in this run.'));
  return { text: `Run ${escapeMrkdwn(run.id)} of ${escapeMrkdwn(suite)}: ${escapeMrkdwn(run.result ?? run.state ?? '')}`, blocks };
}

/** `tests` without a suite: the suites recent builds reported to, to pick one; `asked`: how many of the newest builds, and of the newest failed builds, were asked. */
export function suitesMessage(suites: string[], asked: number): Message {
  if (suites.length === 0) {
    return {
      text: 'No Test Engine suites in recent builds',
      blocks: [section(`:test_tube: None of the organisation’s ${asked} newest builds, nor its ${asked} newest failed builds, reported to Test Engine. An older build’s card shows its own under ⋯ Failed tests; \`/buildkite tests <suite>\` takes a suite’s slug.`)],
    };
  }
  const list = suites.slice(0, 50).map((s) => `• ${inlineCode(s)}`).join('\n');
  return { text: `Test suites: ${suites.join(', ')}`, blocks: [section(truncate(`:test_tube: Suites recent builds reported to:\n${list}`, 3000)), context('`/buildkite tests <suite>` lists a suite’s recent runs.')] };
}

/** A suite Buildkite does not know: the nearest one recent builds reported to, and the others. */
export function unknownSuite(suite: string, known: string[], suggestion: string | undefined): Message {
  const hint = suggestion ? ` Did you mean ${inlineCode(suggestion)}?` : '';
  const others = known.length > 0 ? ` Suites recent builds reported to: ${known.slice(0, 20).map((s) => inlineCode(s)).join(', ')}.` : '';
  return { text: `No test suite ${suite}`, blocks: [section(truncate(`:mag: No test suite ${inlineCode(suite)} you can see.${hint}${others}`, 3000))] };
}

export function testMessage(suite: string, t: TestCase): Message {
  const name = [t.scope, t.name].filter(Boolean).join(' ');
  return {
    text: `Test ${escapeMrkdwn(name)}`,
    blocks: [section(truncate(`:test_tube: ${t.web_url ? link(t.web_url, name || t.id) : escapeMrkdwn(name || t.id)}\nSuite ${inlineCode(suite)}${t.location ? ` · ${inlineCode(t.location)}` : ''}${t.file_name ? ` · file ${inlineCode(t.file_name)}` : ''}`, 3000))],
  };
}

