import type { BuildkiteClient } from '../../buildkite/client.js';
import { getPipeline, listClusterOptions, listPipelinesPage } from '../../buildkite/pipelines.js';
import { type ButtonContext, onClick } from '../../slack/buttons.js';
import type { AppDeps } from '../../slack/deps.js';
import { openThenFill } from '../../slack/modal.js';
import { replaceClickedMessage } from '../../slack/reply.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { type PipelinesPageRef, CreatePipelineModal, EditPipelineButton, EditPipelineModal, NewPipelineButton, NextPipelinesButton, PreviousPipelinesButton } from './buttons.js';
import { pipelineModal } from './pipeline-form.js';
import { pipelinesMessage } from './pipelines-message.js';

export const PIPELINES_PER_PAGE = 20;

/** The clusters a pipeline may be put in, for the form's picker. */
export async function clusterChoices(bk: BuildkiteClient) {
  return (await listClusterOptions(bk)).map((c) => ({ label: `${c.emoji ? `${c.emoji} ` : ''}${c.name}`, value: c.id }));
}

/** Next and Previous redraw the (private) list in place. */
async function turnPage({ click, value: ref }: ButtonContext<PipelinesPageRef>, deps: AppDeps): Promise<void> {
  await runAsUser(click, deps, async () => {
    const page = await listPipelinesPage(deps.buildkite(click), ref.filter, ref.page, PIPELINES_PER_PAGE);
    const message = pipelinesMessage(page.items, ref.filter, ref.page, page.hasNext);
    await replaceClickedMessage(click.respond, message);
  });
}
export const nextPipelinesClicked = onClick(NextPipelinesButton, turnPage);
export const previousPipelinesClicked = onClick(PreviousPipelinesButton, turnPage);

export const newPipelineClicked = onClick(NewPipelineButton, async ({ click }, deps) => {
  const meta = { channel: click.channelId };
  await openThenFill(deps, click, click.triggerId, CreatePipelineModal.loading(meta, 'New pipeline'), async () => pipelineModal(meta, await clusterChoices(deps.buildkite(click))));
});

export const editPipelineClicked = onClick(EditPipelineButton, async ({ click, value: ref }, deps) => {
  const meta = { pipeline: ref.pipeline, channel: click.channelId };
  await openThenFill(deps, click, click.triggerId, EditPipelineModal.loading(meta, 'Edit pipeline'), async () => {
    const bk = deps.buildkite(click);
    const [pipeline, clusters] = await Promise.all([getPipeline(bk, ref.pipeline), clusterChoices(bk)]);
    return pipelineModal(meta, clusters, pipeline);
  });
});
