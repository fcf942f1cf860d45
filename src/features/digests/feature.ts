import type { Feature } from '../feature.js';
import { digestCommands } from './commands.js';
import { startDigestJob } from './digest-job.js';
import { DIGEST_DEFAULTS, type DigestOptions, digestRuntime } from './digest-runtime.js';

/** The digests room with its pace set (tests and the sandbox post without waiting minutes). */
export function digestsFeatureWith(options: Partial<DigestOptions> = {}): Feature {
  const runtime = digestRuntime({ ...DIGEST_DEFAULTS, ...options });
  return { name: 'digests', subcommands: digestCommands(runtime), buttons: [], modals: [], events: [], jobs: [startDigestJob(runtime)] };
}

/**
 * Daily and weekly channel digests: red pipelines and for how long, time to fix, the flakiest and
 * slowest steps, builds blocked longest, queue health, and a chart of pass rate and build time per day;
 * read as the person who set each up, within their Buildkite budget, posted once per period.
 */
export const digestsFeature: Feature = digestsFeatureWith();
