import type { App } from '@slack/bolt';
import { getPipelineInfo, listClusterOptions, listPipelinesPage, listSchedules } from '../../buildkite/pipelines.js';
import { loadingModal } from '../../render/form.js';
import { newBuildModal } from '../../render/new-build-modal.js';
import { pipelineModal } from '../../render/pipeline-modal.js';
import { pipelinesMessage } from '../../render/pipelines.js';
import { schedulesMessage } from '../../render/schedules.js';
import type { BuildkiteClient } from '../../buildkite/client.js';
import type { AppDeps } from '../deps.js';
import { encodeValue } from '../ids.js';
import { ACTION_REST, PipelineRef, PipelinesPageRef, VIEW_REST } from '../ids-rest.js';
import { replyPrivately } from '../reply.js';
import { runAsUser } from '../run-as-user.js';
import { openNow, openThenFill } from '../views/open-then-fill.js';
import { toClick } from './click.js';
import { onButton } from './on-button.js';

export const PIPELINES_PER_PAGE = 20;

export async function clusterChoices(bk: BuildkiteClient) {
  return (await listClusterOptions(bk)).map((c) => ({ label: `${c.emoji ? `${c.emoji} ` : ''}${c.name}`, value: c.id }));
}

export function registerPipelineActions(app: App, deps: AppDeps): void {
  onButton(app, ACTION_REST.pipelinesPage, PipelinesPageRef, async ({ click, value: ref, client, respond }) => {
    await runAsUser(click, deps, async () => {
      const page = await listPipelinesPage(deps.buildkite(click.userId), ref.f, ref.n, PIPELINES_PER_PAGE);
      const message = pipelinesMessage(page.items, ref.f, ref.n, page.hasNext);
      await respond({ replace_original: true, text: message.text, blocks: message.blocks });
    });
  });

  app.action(ACTION_REST.newPipeline, async ({ ack, body, client, respond }) => {
    await ack();
    const click = toClick(body as never, client, respond);
    if (!click) return;
    const meta = encodeValue({ c: click.channelId });
    await openThenFill(deps, click, click.triggerId, loadingModal(VIEW_REST.pipelineCreate, 'New pipeline', meta), async () =>
      pipelineModal(meta, await clusterChoices(deps.buildkite(click.userId))),
    );
  });

  onButton(app, ACTION_REST.editPipeline, PipelineRef, async ({ click, value: ref, client, respond }) => {
    const meta = encodeValue({ p: ref.p, c: click.channelId });
    await openThenFill(deps, click, click.triggerId, loadingModal(VIEW_REST.pipelineEdit, 'Edit pipeline', meta), async () => {
      const bk = deps.buildkite(click.userId);
      const [pipeline, clusters] = await Promise.all([getPipelineInfo(bk, ref.p), clusterChoices(bk)]);
      return pipelineModal(meta, clusters, pipeline);
    });
  });

  onButton(app, ACTION_REST.newBuild, PipelineRef, async ({ click, value: ref, client, respond }) => {
    await openNow(deps, click, click.triggerId, newBuildModal(encodeValue({ p: ref.p, c: click.channelId }), ref.p, ref.br));
  });

  onButton(app, ACTION_REST.showSchedules, PipelineRef, async ({ click, value: ref, client, respond }) => {
    await runAsUser(click, deps, async () => {
      await replyPrivately(respond, schedulesMessage(ref.p, await listSchedules(deps.buildkite(click.userId), ref.p)));
    });
  });

  app.action(ACTION_REST.openLink, async ({ ack }) => ack());
}
