import { helpSubcommands } from '../../slack/command-router.js';
import type { Subcommand } from '../../slack/subcommand.js';
import type { Feature } from '../feature.js';
import { help } from '../../render/help-message.js';

/** `help`, listing every feature's subcommands; given them lazily, since it is one of the features. */
export function helpFeature(subcommands: () => Subcommand[]): Feature {
  const helpCommand: Subcommand = {
    name: 'help',
    usage: 'help',
    description: 'List every subcommand.',
    async run(ctx) {
      await ctx.reply(help(helpSubcommands(subcommands())));
    },
  };
  return { name: 'help', subcommands: [helpCommand], buttons: [], modals: [], events: [] };
}
