/**
 * A build changed. Whatever told us (a webhook, a poll) is only a hint: the payload has no jobs, may be
 * ahead of its event name, and deliveries repeat and come out of order. Whoever acts on it reads the
 * build again from Buildkite, as the person it acts for, before anything is drawn.
 */
export interface BuildChange {
  buildId: string;
  org: string;
  pipeline: string;
  number: number;
  /**
   * Who noticed: a webhook speaks of a change as it happens; a poll lists builds, old ones included, so
   * a polled build is posted only when it changed after the subscription was made (its baseline).
   */
  source: 'webhook' | 'poll';
  /** The pipeline's default branch, when the hint carried it (a webhook does): one Buildkite call fewer. */
  defaultBranch?: string;
  /** Who created the build, when the hint says (a webhook does; a personal poll knows): whose DM it may be for. */
  creator?: { id?: string; email?: string };
}

/**
 * Two hints about one build, the newer last: the newer's fields win, what only the older knew is kept,
 * and a webhook's word (news as it happens) is not lowered to a poll's (posted only if recent).
 */
export function mergeBuildChanges(older: BuildChange, newer: BuildChange): BuildChange {
  return { ...older, ...newer, source: older.source === 'webhook' ? 'webhook' : newer.source };
}
