import { accessToken, currentUser } from '../../buildkite/users.js';
import { alreadyConnected, disconnected, whoami as whoamiMessage } from './account-messages.js';
import { holdUnaskedLinks, offerConnection } from '../../slack/link-flow.js';
import { runAsUser } from '../../slack/run-as-user.js';
import type { AppDeps } from '../../slack/deps.js';
import type { Subcommand } from '../../slack/subcommand.js';

/**
 * Deletes a user's connection and what the bot remembers of it, as they asked; false when there was none.
 * What then finds them not connected (their subscriptions, `notify me`) sends them no link.
 */
export async function disconnectUser(deps: AppDeps, userId: string, teamId: string): Promise<boolean> {
  await holdUnaskedLinks(deps, teamId, userId);
  const had = await deps.gateway.disconnect(userId);
  await deps.linking.forget(userId);
  await deps.store.clearOrgSlug(userId);
  return had;
}

export const connect: Subcommand = {
  name: 'connect',
  usage: 'connect',
  description: 'Link your Buildkite account (the link comes by direct message).',
  async run(ctx, deps) {
    await runAsUser(ctx, deps, async () => {
      const state = await deps.gateway.connectionState(ctx.userId);
      if (state !== 'active') {
        await offerConnection(ctx, deps);
        return;
      }
      // Connected: whatever link led here is used, and is never offered again.
      await deps.linking.forget(ctx.userId);
      await ctx.reply(alreadyConnected(await currentUser(deps.buildkite(ctx))));
    });
  },
};

export const disconnect: Subcommand = {
  name: 'disconnect',
  usage: 'disconnect',
  description: 'Remove your Buildkite connection from the bot.',
  async run(ctx, deps) {
    await runAsUser(ctx, deps, async () => {
      await ctx.reply(disconnected(await disconnectUser(deps, ctx.userId, ctx.teamId)));
    });
  },
};

export const whoami: Subcommand = {
  name: 'whoami',
  usage: 'whoami',
  description: 'Show who you are in Buildkite, your organization and your token scopes.',
  async run(ctx, deps) {
    await runAsUser(ctx, deps, async () => {
      const buildkite = deps.buildkite(ctx);
      // The first call tells us whether the user is connected; the other two only make sense after it.
      const user = await currentUser(buildkite);
      const [org, token] = await Promise.all([buildkite.organization(), accessToken(buildkite)]);
      await ctx.reply(whoamiMessage(user, org, token));
    });
  },
};

