import type { Feature } from '../feature.js';
import { connectClicked, disconnectClicked } from './clicks.js';
import { connect, disconnect, whoami } from './commands.js';

/**
 * The person's own Buildkite connection: who they are, connecting (by DM) and disconnecting; with user
 * verification configured, the browser pages that prove who completed a link (slack/user-verification.ts).
 */
export const account: Feature = {
  name: 'account',
  subcommands: [whoami, connect, disconnect],
  buttons: [disconnectClicked, connectClicked],
  modals: [],
  events: [],
  routes: [({ deps: { userVerification } }) => userVerification && ((req, res) => userVerification.handle(req, res))],
};
