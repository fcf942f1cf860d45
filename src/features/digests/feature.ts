import type { Feature } from '../feature.js';
import { digest, digests } from './commands.js';
import { DIGEST_JOB_DEFAULTS, type DigestJobOptions, startDigestJob } from './digest-job.js';

/** The digests room with its job's pace set (tests and the sandbox post without waiting minutes). */
export function digestsFeatureWith(options: Partial<DigestJobOptions> = {}): Feature {
  return { name: 'digests', subcommands: [digest, digests], buttons: [], modals: [], events: [], jobs: [startDigestJob({ ...DIGEST_JOB_DEFAULTS, ...options })] };
}

/**
 * Daily and weekly channel digests: red pipelines and for how long, time to fix, the flakiest and
 * slowest steps, builds blocked longest, queue health, and a chart of pass rate and build time per day;
 * read as the person who set each up, within their Buildkite budget, posted once per period.
 */
export const digestsFeature: Feature = digestsFeatureWith();
