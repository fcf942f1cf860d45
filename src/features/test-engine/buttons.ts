import { z } from 'zod';
import { defineButton } from '../../slack/buttons.js';
import { BuildRef, BuildRefKeys, buildkiteId, slug } from '../../slack/refs.js';

/** Failed tests of every Test Engine run a build reported. */
export const FailedTestsButton = defineButton('failed_tests', BuildRef, BuildRefKeys);

/** One run of a suite, from the list of its recent runs (`open_test_run:<run id>`). */
const SuiteRunRef = z.object({ suite: slug, run: buildkiteId });
const SuiteRunRefKeys = { suite: 's', run: 'r' } as const;
export const OpenTestRunButton = defineButton('open_test_run', SuiteRunRef, SuiteRunRefKeys, { perRow: true });

/** One Test Engine run of a build: suite, run, and the build it belongs to. */
const RunRef = SuiteRunRef.extend(BuildRef.shape);
export type RunRef = z.infer<typeof RunRef>;
/** Failure details, one per run (`failure_details:<run id>`). */
export const FailureDetailsButton = defineButton('failure_details', RunRef, { ...SuiteRunRefKeys, ...BuildRefKeys }, { perRow: true });
