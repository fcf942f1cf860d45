import type { App } from '@slack/bolt';
import { createPipeline, updatePipeline } from '../../buildkite/pipelines.js';
import { escapeMrkdwn, inlineCode, link } from '../../render/escape.js';
import type { StateValues } from '../../render/form.js';
import { simple } from '../../render/message.js';
import { readPipelineForm } from '../../render/pipeline-modal.js';
import type { AppDeps } from '../deps.js';
import { submissionId } from '../replay.js';
import { decodeValue } from '../ids.js';
import { PipelineModalMeta, VIEW_REST } from '../ids-rest.js';
import { modalRequester } from './modal-reply.js';
import { performSubmission } from './open-then-fill.js';

export function registerPipelineViews(app: App, deps: AppDeps): void {
  for (const callback of [VIEW_REST.pipelineCreate, VIEW_REST.pipelineEdit]) {
    app.view(callback, async ({ ack, body, view, client }) => {
      const meta = decodeValue(PipelineModalMeta, view.private_metadata);
      const creating = callback === VIEW_REST.pipelineCreate;
      // The YAML is checked here, so a typo never reaches Buildkite.
      const form = readPipelineForm(view.state.values as StateValues, creating);
      if (!meta || !form.fields || (!creating && !meta.p)) {
        await ack({ response_action: 'errors', errors: form.errors ?? {} });
        return;
      }
      await ack();
      const userId = body.user.id;
      const f = form.fields;
      const requester = modalRequester(client, userId, meta.c);
      const subject = creating
        ? { tool: 'create_pipeline' as const, input: { name: f.name, repository_url: f.repositoryUrl, cluster_id: f.clusterId } }
        : { tool: 'update_pipeline' as const, input: { pipeline_slug: meta.p, name: f.name, repository_url: f.repositoryUrl } };
      await performSubmission(deps, { teamId: body.team?.id ?? '', userId, channelId: meta.c, key: view.id, triggerId: submissionId(body) }, requester, subject, async () => {
        const bk = deps.buildkite(userId);
        const pipeline = creating ? (await createPipeline(bk, f)).pipeline : await updatePipeline(bk, meta.p!, f);
        const name = pipeline.web_url ? link(pipeline.web_url, pipeline.name) : `*${escapeMrkdwn(pipeline.name)}*`;
        await requester.respond(simple(`:pipeline: ${creating ? 'Created' : 'Updated'} ${name} ${inlineCode(pipeline.slug)}.`) as never);
      });
    });
  }
}
