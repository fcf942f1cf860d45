import type { Feature } from '../feature.js';
import { failedTestsClicked, failureDetailsClicked, openTestRunClicked } from './clicks.js';
import { tests } from './commands.js';

/** Test Engine: suites' runs, a build's failed tests and their details. */
export const testEngine: Feature = { name: 'test-engine', subcommands: [tests], buttons: [failedTestsClicked, failureDetailsClicked, openTestRunClicked], modals: [], events: [] };
