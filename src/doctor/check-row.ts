/** One line of `npm run doctor`'s table: a check, how it went, what was seen, and what to do about it. */
export interface CheckRow {
  check: string;
  result: 'ok' | 'warn' | 'FAIL';
  detail: string;
  /** What to change; empty when nothing needs doing. */
  fix: string;
}

export const ok = (check: string, detail: string): CheckRow => ({ check, result: 'ok', detail, fix: '' });
export const warn = (check: string, detail: string, fix: string): CheckRow => ({ check, result: 'warn', detail, fix });
export const fail = (check: string, detail: string, fix: string): CheckRow => ({ check, result: 'FAIL', detail, fix });

/** How long one check may take: a doctor that hangs on a dead host would be no help. */
export const CHECK_TIMEOUT_MS = 5_000;

/**
 * Runs a check within `timeoutMs`; past it (nothing from `waitingOn`), or if it throws, its rows say so
 * under `checks` (the rows it would have given), so one stuck or broken check never hides the others.
 */
export async function bounded(checks: string[], timeoutMs: number, waitingOn: string, run: () => Promise<CheckRow[]>, fix: string): Promise<CheckRow[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckRow[]>((done) => {
    // The first row carries the failure; the ones after it were simply not reached.
    const rows = checks.map((check, i) => (i === 0 ? fail(check, `${waitingOn}: no answer within ${timeoutMs / 1000} s`, fix) : warn(check, `not checked: ${waitingOn} did not answer`, `see ${checks[0]}`)));
    timer = setTimeout(() => done(rows), timeoutMs);
  });
  try {
    return await Promise.race([run().catch((error: unknown) => checks.map((check) => fail(check, `the check failed: ${error instanceof Error ? error.message : String(error)}`, fix))), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
