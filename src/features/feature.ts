import type { ButtonBinding } from '../slack/buttons.js';
import type { EventBinding } from '../slack/events.js';
import type { ModalBinding } from '../slack/modal.js';
import type { Subcommand } from '../slack/subcommand.js';

/**
 * A feature's room, as the app sees it: its `/buildkite` subcommands (in the order help lists them),
 * the buttons its messages carry, the modals it opens and the Events API events it listens to, each with
 * what handles it.
 */
export interface Feature {
  name: string;
  subcommands: Subcommand[];
  buttons: ButtonBinding[];
  modals: ModalBinding[];
  events: EventBinding[];
}
