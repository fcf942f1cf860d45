import type { Feature } from '../feature.js';
import { cancelClicked, newBuildClicked, openBuildClicked, rebuildClicked, refreshClicked, retryClicked, shareStatusClicked, unblockClicked, fillUnblockClicked, retryAllClicked, openCardClicked } from './clicks.js';
import { build, status } from './commands.js';
import { newBuildSubmitted, unblockSubmitted } from './submissions.js';

/** Builds: `status`, build cards and what their buttons do (retry, unblock, cancel, rebuild), new builds. */
export const builds: Feature = {
  name: 'builds',
  subcommands: [status, build],
  buttons: [retryClicked, retryAllClicked, unblockClicked, fillUnblockClicked, cancelClicked, rebuildClicked, refreshClicked, shareStatusClicked, newBuildClicked, openBuildClicked, openCardClicked],
  modals: [unblockSubmitted, newBuildSubmitted],
  events: [],
};
