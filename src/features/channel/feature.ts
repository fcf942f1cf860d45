import type { Feature } from '../feature.js';
import { link, settings, unlink } from './commands.js';

/** What a channel chose: its default pipeline and its settings. */
export const channel: Feature = { name: 'channel', subcommands: [link, unlink, settings], buttons: [], modals: [], events: [] };
