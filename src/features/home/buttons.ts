import { z } from 'zod';
import { defineButton, defineLinkButton } from '../../slack/buttons.js';
import { NoValue } from '../../slack/refs.js';

/** The buttons of the Home tab. Connect sends the authorization link by DM: a Home tab never holds it. */
export const HomeConnectButton = defineButton('home_connect', NoValue, {});
export const HomeDisconnectButton = defineButton('home_disconnect', NoValue, {});
/** Turns "notify me about my builds" on (`turnOn`) or off. */
export const HomeNotifyButton = defineButton('home_notify', z.object({ turnOn: z.boolean() }), { turnOn: 'on' });
export const HomeRefreshButton = defineButton('home_refresh', NoValue, {});
/** A recent build, in Buildkite (one per row). */
export const HomeOpenBuildLink = defineLinkButton('home_open_build', { perRow: true });
