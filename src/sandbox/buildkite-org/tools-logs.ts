/** Log tools: read_logs, tail_logs, search_logs (v1.7 result shapes, §6.8; terse search entries from v1.13). */
import { serverError } from './errors.js';
import type { ToolContext, ToolHandlers } from './context.js';
import { compileGoRegex, logRows, queryTimeMs, searchEntry, terseEntry, type LogRow } from './logs.js';
import type { JobRecord } from './model.js';

interface JobRef {
  pipeline_slug: string;
  build_number: string;
  job_id: string;
}

/** The log reader fetches the build over REST (REST errors pass through), then looks for the job. */
function jobFor(ctx: ToolContext, input: JobRef): JobRecord {
  const build = ctx.store.build(input.pipeline_slug, input.build_number);
  const job = ctx.store.jobs.get(input.job_id);
  // The reader looks the job up among the jobs REST lists, which leave out retried attempts: an earlier
  // attempt's id is "not found" (buildkite-mcp-server issue #228).
  if (!job || job.buildId !== build.id || job.retried) {
    throw serverError(`failed to create log reader: failed to get job status: job not found: ${input.job_id}`);
  }
  return job;
}

export const logTools: Pick<ToolHandlers, 'read_logs' | 'tail_logs' | 'search_logs'> = {
  read_logs(ctx, input) {
    const rows = logRows(jobFor(ctx, input).logLines);
    const start = Math.max(0, input.seek ?? 0);
    const end = input.limit && input.limit > 0 ? start + input.limit : rows.length;
    return { entries: rows.slice(start, end).map(terseEntry), query_time_ms: queryTimeMs(rows.length) };
  },

  tail_logs(ctx, input) {
    const rows = logRows(jobFor(ctx, input).logLines);
    const tail = input.tail && input.tail > 0 ? input.tail : 10;
    return {
      entries: rows.slice(Math.max(0, rows.length - tail)).map(terseEntry),
      total_rows: rows.length > 0 ? rows.length : undefined,
      query_time_ms: queryTimeMs(rows.length),
    };
  },

  search_logs(ctx, input) {
    const regex = compileGoRegex(input.pattern, input.case_sensitive === true);
    if (typeof regex === 'string') throw serverError(`invalid regex pattern: ${regex}`);
    const rows = logRows(jobFor(ctx, input).logLines);
    const before = input.before_context ?? input.context ?? 0;
    const after = input.after_context ?? input.context ?? 0;
    const limit = input.limit && input.limit > 0 ? input.limit : Infinity;
    const order: LogRow[] = input.reverse ? [...rows].reverse() : rows;
    const results: Record<string, unknown>[] = [];
    // v1.13 made search entries terse ({ts, c, rn}) like tail_logs and read_logs (TerseSearchResult).
    const entry = ctx.server === '1.19' ? terseEntry : searchEntry;
    for (const row of order) {
      if (results.length >= limit) break;
      const hit = regex.test(row.raw) || regex.test(row.plain);
      if (hit === (input.invert_match === true)) continue;
      const beforeRows = before > 0 ? rows.slice(Math.max(0, row.row - before), row.row) : [];
      const afterRows = after > 0 ? rows.slice(row.row + 1, row.row + 1 + after) : [];
      results.push({
        match: entry(row),
        before_context: beforeRows.length > 0 ? beforeRows.map(entry) : undefined,
        after_context: afterRows.length > 0 ? afterRows.map(entry) : undefined,
      });
    }
    return {
      results: results.length > 0 ? results : null,
      match_count: results.length > 0 ? results.length : undefined,
      query_time_ms: queryTimeMs(rows.length),
    };
  },
};
