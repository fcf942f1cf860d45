import { alreadyConnected, disconnected, whoami } from '../../render/account.js';
import { offerConnection } from '../link-flow.js';
import { replyPrivately } from '../reply.js';
import { runAsUser } from '../run-as-user.js';
import type { AppDeps } from '../deps.js';
import type { Subcommand } from './subcommand.js';

/** Deletes a user's connection and what the bot remembers of it; false when there was none. */
export async function disconnectUser(deps: AppDeps, userId: string): Promise<boolean> {
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
      await replyPrivately(ctx.respond, alreadyConnected(await deps.buildkite(ctx.userId).currentUser()));
    });
  },
};

export const disconnect: Subcommand = {
  name: 'disconnect',
  usage: 'disconnect',
  description: 'Remove your Buildkite connection from the bot.',
  async run(ctx, deps) {
    await runAsUser(ctx, deps, async () => {
      await replyPrivately(ctx.respond, disconnected(await disconnectUser(deps, ctx.userId)));
    });
  },
};

export const whoamiCommand: Subcommand = {
  name: 'whoami',
  usage: 'whoami',
  description: 'Show who you are in Buildkite, your organization and your token scopes.',
  async run(ctx, deps) {
    await runAsUser(ctx, deps, async () => {
      const buildkite = deps.buildkite(ctx.userId);
      // The first call tells us whether the user is connected; the other two only make sense after it.
      const user = await buildkite.currentUser();
      const [org, token] = await Promise.all([buildkite.organization(), buildkite.accessToken()]);
      await replyPrivately(ctx.respond, whoami(user, org, token));
    });
  },
};

