import { getBuild } from '../../buildkite/builds.js';
import type { Requester } from '../../slack/requester.js';
import type { LogReply } from './log-message.js';
import type { LogPageRef } from './buttons.js';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { jobEnv, searchLog, tailLog } from '../../buildkite/logs.js';
import type { Job } from '../../buildkite/builds.js';
import { jobTitle } from '../builds/build-card.js';
import { usage } from '../../render/usage.js';
import { escapeMrkdwn, truncate } from '../../render/escape.js';
import { jobEnvMessage } from './job-env-message.js';
import { fitsInMessage, logMessage, logPlainText, withLookback } from './log-message.js';
import { searchLines } from './search-lines.js';
import { MASK_LOOKBACK_LINES } from '../../render/mask.js';
import { simple } from '../../render/message.js';
import { pickJob } from './job-pick.js';
import { sendFileDirectly } from '../../slack/reply.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { explainNotFound } from '../pipelines/named-pipeline.js';
import type { CommandContext, Subcommand } from '../../slack/subcommand.js';
import { type JobTarget, parseJobTarget } from '../builds/build-args.js';
import { FAILED_JOB_STATES } from '../../buildkite/states.js';
import { Invalid, NotFound } from '../../scalekit/errors.js';

const TAIL_LINES = 50;
export const PAGE_LINES = 50;


export interface LogPattern {
  pattern: string;
  /** Set when the pattern said so (`/…/i`); otherwise Buildkite's default (case-insensitive). */
  caseSensitive?: boolean;
}

/**
 * `search:regex`, `search:/regex/` or `search:/regex/flags`. Go's regexp does the matching in Buildkite:
 * `i` asks for case-insensitive matching, `s` and `m` become Go's inline flags, `g` is not needed.
 */
export function parsePattern(raw: string): { ok: true; value: LogPattern } | { ok: false; problem: string } {
  const m = raw.match(/^\/(.*)\/([a-z]*)$/s);
  if (!m) return { ok: true, value: { pattern: raw } };
  const body = m[1] ?? '';
  const flags = m[2] ?? '';
  const unknown = [...flags].filter((f) => !'igsmu'.includes(f));
  if (unknown.length > 0) return { ok: false, problem: `\`${unknown.join('')}\` is not a flag a log search takes: \`i\` (ignore case), \`s\` and \`m\` are; \`g\` is not needed.` };
  const inline = [...new Set([...flags].filter((f) => f === 's' || f === 'm'))].join('');
  return { ok: true, value: { pattern: inline ? `(?${inline})${body}` : body, ...(flags.includes('i') ? { caseSensitive: false } : {}) } };
}

/** Sends a log reply: in the message when it fits, otherwise as a file in the user's DM (never cut). */
export async function deliverLog(
  ctx: Requester,
  reply: LogReply & { filename: string },
): Promise<void> {
  if (fitsInMessage(reply.plain)) return ctx.reply(logMessage(reply));
  await sendFileDirectly(ctx.client, ctx.userId, { filename: reply.filename, content: reply.plain, title: reply.summary });
  await ctx.reply(logMessage({ ...reply, sentAsFile: reply.filename }));
}

async function findJob(ctx: CommandContext, buildkite: BuildkiteClient, target: JobTarget): Promise<(Job & { newestAttempt?: Job }) | undefined> {
  let build;
  try {
    build = await getBuild(buildkite, target.pipeline, target.number);
  } catch (error) {
    if (await explainNotFound(ctx, buildkite, target, error)) return undefined;
    throw error;
  }
  const picked = pickJob(build, target.job);
  if ('problem' in picked) {
    await ctx.reply(simple(`:mag: ${escapeMrkdwn(picked.problem)}`));
    return undefined;
  }
  if (!picked.earlierAttempt) return picked.job;
  // Buildkite lists only a job's newest attempt: if this id is no job of the build, the log read says so.
  const newest = picked.earlierAttempt.newest ?? build.jobs?.find((j) => FAILED_JOB_STATES.has(j.state));
  return { ...picked.job, ...(newest ? { newestAttempt: newest } : {}) };
}

/**
 * Reads an earlier attempt's log tail; when Buildkite cannot serve it (its MCP server looks the job up
 * among the build's listed jobs, which leave out retried attempts), says so and offers the newest.
 */
async function tailOfAttempt(ctx: CommandContext, buildkite: BuildkiteClient, target: JobTarget, job: Job & { newestAttempt?: Job }, lines: number) {
  try {
    return { job, tail: await tailLog(buildkite, target.pipeline, target.number, job.id, lines) };
  } catch (error) {
    if (!job.retried || !(error instanceof Invalid || error instanceof NotFound)) throw error;
    const newest = job.newestAttempt;
    await ctx.reply(simple(`:warning: Buildkite cannot serve the log of that earlier attempt (\`${escapeMrkdwn(job.id)}\`): its server only reads the newest attempt of a retried job.${newest ? ` Here is the newest attempt's log, *${escapeMrkdwn(jobTitle(newest))}*.` : ''}`));
    if (!newest) return undefined;
    return { job: newest, tail: await tailLog(buildkite, target.pipeline, target.number, newest.id, lines) };
  }
}

const jobLabel = (t: JobTarget, job: Job) => `*${escapeMrkdwn(truncate(jobTitle(job), 150))}* in *${escapeMrkdwn(t.pipeline)} #${t.number}*`;
export const logFilename = (t: { pipeline: string; number: number }, jobId: string) => `${t.pipeline}-${t.number}-${jobId.slice(0, 8)}.log`;

export const logs: Subcommand = {
  name: 'logs',
  aliases: ['log'],
  usage: 'logs <pipeline> <build> [job] [search:/regex/] [context:N] [lines:N]',
  description: 'The end of a job’s log (the first failed job unless you name one), or the lines matching a search; More pages back.',
  async run(ctx, deps) {
    const parsed = parseJobTarget(ctx.args.words);
    if (!parsed.ok) return ctx.reply(usage(parsed.problem, this.usage));
    const lines = ctx.args.options.lines === undefined ? TAIL_LINES : Number(ctx.args.options.lines);
    const contextLines = ctx.args.options.context === undefined ? 0 : Number(ctx.args.options.context);
    if (!Number.isInteger(lines) || lines < 1 || lines > 500) return ctx.reply(usage('`lines:` takes 1 to 500.', this.usage));
    if (!Number.isInteger(contextLines) || contextLines < 0 || contextLines > 20) return ctx.reply(usage('`context:` takes 0 to 20.', this.usage));
    const target = parsed.value;
    await runAsUser(ctx, deps, async () => {
      const buildkite = deps.buildkite(ctx);
      const job = await findJob(ctx, buildkite, target);
      if (!job) return;
      const env = { pipeline: target.pipeline, build: target.number, job: job.id };
      const filename = logFilename(target, job.id);
      const search = ctx.args.options.search;
      if (search !== undefined) {
        const pattern = parsePattern(search);
        if (!pattern.ok) return ctx.reply(usage(pattern.problem, this.usage));
        // Rows above the context are read too, to mask a secret that starts before it (never shown).
        const around = { before: contextLines + MASK_LOOKBACK_LINES, after: contextLines };
        const found = await searchLog(buildkite, target.pipeline, target.number, job.id, pattern.value, around, 100);
        const out = searchLines(found, contextLines);
        const shown = search.replace(/^(?!\/)(.*)$/s, '/$1/');
        const summary = `${found.results.length} matching lines for ${shown}`;
        const plain = found.results.length > 0 ? logPlainText(out, true) : 'No matches.';
        return deliverLog(ctx, { title: `:mag: Searching ${jobLabel(target, job)} for \`${escapeMrkdwn(shown).replace(/`/g, 'ˋ')}\``, plain, summary, filename, env });
      }
      // The lines above the tail are read too, so a secret starting there is masked in it.
      const read = await tailOfAttempt(ctx, buildkite, target, job, lines + MASK_LOOKBACK_LINES);
      if (!read) return;
      const { tail } = read;
      const shownJob = read.job;
      const shownRows = Math.min(lines, tail.entries.length);
      const total = tail.total_rows ?? tail.entries.length;
      const first = Math.max(0, total - shownRows);
      const more: LogPageRef | undefined = first > 0 ? { pipeline: target.pipeline, build: target.number, job: shownJob.id, seek: Math.max(0, first - PAGE_LINES), limit: Math.min(PAGE_LINES, first) } : undefined;
      const plain = logPlainText(withLookback(tail.entries.map((e) => e.c), shownRows), false);
      const summary = total > 0 ? `Rows ${first + 1}–${total} of ${total}` : 'The log is empty.';
      const shownEnv = { pipeline: target.pipeline, build: target.number, job: shownJob.id };
      await deliverLog(ctx, { title: `:scroll: Log of ${jobLabel(target, shownJob)}`, plain, summary, filename: logFilename(target, shownJob.id), env: shownEnv, ...(more ? { more } : {}) });
    });
  },
};

export const env: Subcommand = {
  name: 'env',
  usage: 'env <pipeline> <build> [job]',
  description: 'A job’s environment variables, only to you, with values masked except harmless BUILDKITE_* keys.',
  async run(ctx, deps) {
    const parsed = parseJobTarget(ctx.args.words);
    if (!parsed.ok) return ctx.reply(usage(parsed.problem, this.usage));
    await runAsUser(ctx, deps, async () => {
      const buildkite = deps.buildkite(ctx);
      const job = await findJob(ctx, buildkite, parsed.value);
      if (!job) return;
      await showJobEnv(ctx, buildkite, parsed.value.pipeline, parsed.value.number, job.id, jobLabel(parsed.value, job));
    });
  },
};

export async function showJobEnv(ctx: Requester, bk: BuildkiteClient, pipeline: string, number: number, jobId: string, title: string) {
  const values = await jobEnv(bk, pipeline, number, jobId);
  await ctx.reply(jobEnvMessage(title, values));
}
