import type { App } from '@slack/bolt';
import { help } from '../../render/help.js';
import type { AppDeps } from '../deps.js';
import { explainFailure } from '../run-as-user.js';
import { replyPrivately } from '../reply.js';
import { isFirstDelivery } from '../replay.js';
import { connect, disconnect, whoamiCommand } from './account.js';
import { parseArgs } from './args.js';
import { audit } from './audit.js';
import { build, link, settings, status, unlink } from './builds.js';
import { CLUSTER_SUBCOMMANDS } from './cluster-family.js';
import { newBuild, REST_SUBCOMMANDS } from './rest.js';
import type { CommandContext, Subcommand } from './subcommand.js';

const helpCommand: Subcommand = {
  name: 'help',
  usage: 'help',
  description: 'List every subcommand.',
  async run(ctx) {
    await replyPrivately(ctx.respond, help(SUBCOMMANDS));
  },
};

/** Every subcommand, in the order help lists them. */
export const SUBCOMMANDS: Subcommand[] = [status, build, newBuild, link, unlink, settings, ...REST_SUBCOMMANDS, ...CLUSTER_SUBCOMMANDS, audit, whoamiCommand, connect, disconnect, helpCommand];

function find(name: string): Subcommand | undefined {
  const lower = name.toLowerCase();
  return SUBCOMMANDS.find((s) => s.name === lower || s.aliases?.includes(lower));
}

export function registerCommands(app: App, deps: AppDeps): void {
  app.command('/buildkite', async ({ command, ack, respond, client }) => {
    // Ack first: Slack gives three seconds, and everything below may wait on the network.
    await ack();
    // A replayed request (the same command, byte for byte, within the signature window) does nothing.
    // (Slack always sends a trigger_id; a body without one cannot be told from another, so it is not keyed.)
    if (command.trigger_id && !(await isFirstDelivery(deps.store, 'command', command.team_id, command.user_id, command.trigger_id))) return;
    const args = parseArgs(command.text ?? '');
    const name = args.words.shift() ?? 'help';
    const ctx: CommandContext = {
      userId: command.user_id,
      userName: command.user_name,
      teamId: command.team_id,
      channelId: command.channel_id,
      triggerId: command.trigger_id,
      args,
      client,
      respond,
    };
    // `build new <pipeline>` opens the New build form; `build <pipeline> <number>` stays a build card.
    const isNewBuild = name.toLowerCase() === 'build' && args.words[0]?.toLowerCase() === 'new' && args.words.length <= 2 && !/^#?\d+$/.test(args.words[1] ?? '');
    if (isNewBuild) args.words.shift();
    const subcommand = isNewBuild ? newBuild : find(name);
    try {
      if (!subcommand) {
        await replyPrivately(respond, help(SUBCOMMANDS, name));
        return;
      }
      await subcommand.run(ctx, deps);
    } catch (error) {
      await explainFailure(ctx, deps, error);
    }
  });
}
