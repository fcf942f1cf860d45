// What a diagnosis knows of a failed build, whichever way it was read (the server's failure summary, or
// composed from the build, its logs, annotations and Test Engine): what the verdicts and the message
// are drawn from.

export interface FailedJobEvidence {
  id: string;
  title: string;
  /** The step, to find it again in other builds of the branch (stepOf). */
  key: string;
  state: string;
  exitStatus?: number | null;
  signalReason?: string | null;
  /** Read with the lines above them (MASK_LOOKBACK_LINES), so a secret that starts above is masked too. */
  errorLines: string[];
  /** How many of the last `errorLines` are shown (the rest are only for masking). */
  shownLines: number;
  retryable: boolean;
  /** Its log was asked for and not read: refused with the asker's access (a 403), or another failure. */
  logUnreadable?: Unreadable | undefined;
}

export type Unreadable = 'access' | 'error';

export interface FailingTest {
  name: string;
  location?: string | undefined;
  reason?: string | undefined;
  url?: string | undefined;
}

export interface AnnotationEvidence {
  context: string;
  style: string;
  bodyHtml: string;
}

/** One build of the branch, with its jobs' newest attempts when they were read (`retries`: attempts before it). */
export interface HistoryBuild {
  number: number;
  state: string;
  jobs?: { key: string; state: string; retries: number }[];
}

export interface Evidence {
  build: { id: string; number: number; state: string; branch?: string | null | undefined; commit?: string | null | undefined; webUrl: string; commitUrl?: string | undefined };
  jobs: FailedJobEvidence[];
  /** Problem jobs beyond those shown. */
  moreJobs: number;
  /** The connection returns the build without its jobs and cannot list them (a newer server, a catalogue-only connector). */
  jobsUnknown: boolean;
  tests: FailingTest[];
  /** Some Test Engine run's failures were asked for and not read. */
  testsUnreadable?: Unreadable | undefined;
  annotations: AnnotationEvidence[];
  history: HistoryBuild[];
  /** `summary`: get_build_failure_summary answered; `composed`: read tool by tool. */
  source: 'summary' | 'composed';
  /** Buildkite calls this diagnosis made. */
  calls: number;
  /** Something was left unread to stay within the budget. */
  cutShort: boolean;
}

/** The key a step is known by across builds: its key when it has one, else its title. */
export const stepOf = (job: { step_key?: string | null; name?: string | null; label?: string | null }): string => job.step_key || job.name || job.label || '';
