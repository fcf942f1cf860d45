import type { App } from '@slack/bolt';
import { BUILD_ACTIONS_BLOCK, buildCard } from '../../render/build-card.js';
import { withNote } from '../../render/card-edit.js';
import { canceled, rebuilt, threadNote, working } from '../../render/outcomes.js';
import { statusMessage } from '../../render/status.js';
import { loadBuildCard } from '../build-card-loader.js';
import { isFirstDelivery } from '../replay.js';
import type { AppDeps } from '../deps.js';
import { ACTION, BuildRef, StatusRef } from '../ids.js';
import { updateMessage } from '../reply.js';
import { runAsUser } from '../run-as-user.js';
import { CLAIM_TTL_MS, clickKey, clickRequest, performCardAction } from './perform.js';
import { onButton } from './on-button.js';

export function registerBuildActions(app: App, deps: AppDeps): void {
  onButton(app, ACTION.cancel, BuildRef, async ({ click, value: ref, client, respond }) => {
    const label = `${ref.p} #${ref.b}`;
    await performCardAction(click, deps, {
      blockId: BUILD_ACTIONS_BLOCK,
      working: working.cancel(),
      audit: { tool: 'cancel_build', input: { pipeline_slug: ref.p, build_number: String(ref.b) } },
      async run(buildkite) {
        const { data: build, executionId } = await buildkite.cancelBuild(ref.p, ref.b);
        // Buildkite returns the build as canceled: the card is redrawn from it.
        const card = buildCard({ build, pipeline: ref.p, now: deps.now(), note: canceled(click.userId) });
        return { blocks: card.blocks, thread: threadNote(click.userId, 'canceled', label, deps.now()), summary: canceled(click.userId), executionId };
      },
    });
  });

  onButton(app, ACTION.rebuild, BuildRef, async ({ click, value: ref, client, respond }) => {
    const label = `${ref.p} #${ref.b}`;
    await performCardAction(click, deps, {
      blockId: BUILD_ACTIONS_BLOCK,
      working: working.rebuild(),
      audit: { tool: 'rebuild_build', input: { pipeline_slug: ref.p, build_number: String(ref.b) } },
      async run(buildkite) {
        const { data: build, executionId } = await buildkite.rebuildBuild(ref.p, ref.b);
        const line = rebuilt(ref.p, build, click.userId);
        return { blocks: (card) => withNote(card, line, BUILD_ACTIONS_BLOCK), thread: threadNote(click.userId, 'rebuilt', label, deps.now()), summary: line, executionId };
      },
    });
  });

  onButton(app, ACTION.refresh, BuildRef, async ({ click, value: ref, client, respond }) => {
    await runAsUser(click, deps, async () => {
      const { logs } = await deps.store.getChannelSettings(click.teamId, click.channelId);
      const card = await loadBuildCard(deps.buildkite(click.userId), ref.p, ref.b, deps.now(), `Refreshed by <@${click.userId}>`, { logs });
      if (click.isEphemeral) await respond({ replace_original: true, text: card.text, blocks: card.blocks });
      else await updateMessage(client, click.channelId, click.messageTs, card);
    });
  });

  onButton(app, ACTION.shareStatus, StatusRef, async ({ click, value: ref, client, respond }) => {
    if (!(await isFirstDelivery(deps.store, 'click', ...clickRequest(click)))) return;
    if (!(await deps.store.claim(clickKey(click), CLAIM_TTL_MS))) return;
    await runAsUser(click, deps, async () => {
      // Re-run as the clicker: what goes into the channel is what they may see, fresh.
      const buildkite = deps.buildkite(click.userId);
      const query = { pipeline: ref.p, branch: ref.br, state: ref.s, limit: ref.l };
      const builds = await buildkite.listBuilds(query);
      const message = statusMessage({ builds, query, org: await buildkite.orgSlug(), now: deps.now(), sharedBy: click.userId });
      await respond({ response_type: 'in_channel', replace_original: false, text: message.text, blocks: message.blocks });
      await respond({ delete_original: true });
    });
  });

  // Link buttons still send a click; it needs nothing but an ack.
  app.action(ACTION.openBuild, async ({ ack }) => ack());
  app.action(ACTION.connectLink, async ({ ack }) => ack());
}
