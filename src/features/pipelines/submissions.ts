import { createPipeline, type PipelineFields, type PipelineInfo, updatePipeline } from '../../buildkite/pipelines.js';
import { emojiLabel } from '../../render/emoji.js';
import { escapeMrkdwn, inlineCode, link } from '../../render/escape.js';
import { simple } from '../../render/message.js';
import { type ModalDefinition, onSubmit, type Submission } from '../../slack/modal.js';
import { performMutation } from '../../slack/mutation.js';
import type { AppDeps } from '../../slack/deps.js';
import { CreatePipelineModal, EditPipelineModal } from './buttons.js';
import { readPipelineForm } from './pipeline-form.js';

type Meta = typeof CreatePipelineModal extends ModalDefinition<infer M> ? M : never;

/** Create or save, once per submission; the outcome goes to the submitter privately. */
function submitPipeline(creating: boolean) {
  return async ({ meta, values: f, requester, intent }: Submission<Meta, PipelineFields>, deps: AppDeps) => {
    await performMutation(deps, requester, intent, async () => {
      const bk = deps.buildkite(requester);
      const pipeline: PipelineInfo = creating ? (await createPipeline(bk, f)).pipeline : await updatePipeline(bk, meta.pipeline ?? '', f);
      const name = pipeline.web_url ? link(pipeline.web_url, emojiLabel(pipeline.name)) : `*${escapeMrkdwn(emojiLabel(pipeline.name))}*`;
      await requester.reply(simple(`:building_construction: ${creating ? 'Created' : 'Updated'} ${name} ${inlineCode(pipeline.slug)}.`));
    });
  };
}

// The YAML is checked before the ack, so a typo never reaches Buildkite.
export const createPipelineSubmitted = onSubmit(CreatePipelineModal, { read: (values) => readPipelineForm(values, true), handle: submitPipeline(true) });
export const editPipelineSubmitted = onSubmit(EditPipelineModal, { read: (values, meta) => (meta.pipeline ? readPipelineForm(values, false) : { errors: {} }), handle: submitPipeline(false) });
