import { defineButton, defineLinkButton } from '../../slack/buttons.js';
import { NoValue } from '../../slack/refs.js';

/** The authorization link, only ever in a DM. */
export const ConnectLink = defineLinkButton('connect_link');
/** Disconnect, from the DM that says which Buildkite account was connected. */
export const DisconnectButton = defineButton('disconnect_buildkite', NoValue, {});
