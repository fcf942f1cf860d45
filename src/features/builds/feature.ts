import type { Feature } from '../feature.js';
import { cancelClicked, newBuildClicked, openBuildClicked, rebuildClicked, refreshClicked, retryClicked, shareStatusClicked, unblockClicked, fillUnblockClicked, retryAllClicked, openCardClicked } from './clicks.js';
import { build, status } from './commands.js';
import { restoreAfterRestart } from './build-card-interrupted.js';
import { newBuildSubmitted, unblockSubmitted } from './submissions.js';
import { redrawTrackedCards } from './build-card-tracked.js';

/**
 * Builds: `status`, build cards and what their buttons do (retry, unblock, cancel, rebuild), new builds;
 * cards asked for stay current as their builds change, and cards a restart cut off mid-action are redrawn.
 */
export const builds: Feature = {
  name: 'builds',
  subcommands: [status, build],
  buttons: [retryClicked, retryAllClicked, unblockClicked, fillUnblockClicked, cancelClicked, rebuildClicked, refreshClicked, shareStatusClicked, newBuildClicked, openBuildClicked, openCardClicked],
  modals: [unblockSubmitted, newBuildSubmitted],
  events: [],
  onStart: restoreAfterRestart,
  buildChanges: [redrawTrackedCards],
};
