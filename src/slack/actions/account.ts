import type { App } from '@slack/bolt';
import { z } from 'zod';
import { disconnected } from '../../render/account.js';
import { disconnectUser } from '../commands/account.js';
import type { AppDeps } from '../deps.js';
import { runAsUser } from '../run-as-user.js';
import { onButton } from './on-button.js';

/** Disconnect from the DM that says which Buildkite account was connected. */
export function registerAccountActions(app: App, deps: AppDeps): void {
  onButton(app, 'disconnect_buildkite', z.object({}), async ({ click, respond }) => {
    await runAsUser(click, deps, async () => {
      const message = disconnected(await disconnectUser(deps, click.userId));
      await respond({ replace_original: true, text: message.text, blocks: message.blocks });
    });
  });
}
