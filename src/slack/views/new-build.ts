import type { App } from '@slack/bolt';
import { createBuild } from '../../buildkite/pipelines.js';
import { link } from '../../render/escape.js';
import { simple } from '../../render/message.js';
import { readNewBuildForm } from '../../render/new-build-modal.js';
import type { StateValues } from '../../render/form.js';
import type { AppDeps } from '../deps.js';
import { submissionId } from '../replay.js';
import { decodeValue } from '../ids.js';
import { BuildModalMeta, VIEW_REST } from '../ids-rest.js';
import { modalRequester } from './modal-reply.js';
import { performSubmission } from './open-then-fill.js';
import { postToChannel } from '../reply.js';

export function registerBuildViews(app: App, deps: AppDeps): void {
  app.view(VIEW_REST.newBuild, async ({ ack, body, view, client }) => {
    const meta = decodeValue(BuildModalMeta, view.private_metadata);
    const form = readNewBuildForm(view.state.values as StateValues);
    if (!meta || !form.build) {
      await ack({ response_action: 'errors', errors: form.errors ?? {} });
      return;
    }
    await ack();
    const userId = body.user.id;
    const requester = modalRequester(client, userId, meta.c);
    const b = form.build;
    const subject = { tool: 'create_build' as const, input: { pipeline_slug: meta.p, branch: b.branch, commit: b.commit, message: b.message } };
    await performSubmission(deps, { teamId: body.team?.id ?? '', userId, channelId: meta.c, key: view.id, triggerId: submissionId(body) }, requester, subject, async () => {
      const build = await createBuild(deps.buildkite(userId), meta.p, b);
      const text = `:rocket: <@${userId}> started ${link(build.web_url, `${meta.p} #${build.number}`)} on \`${b.branch.replace(/[`<>&]/g, '')}\``;
      if (meta.c) await postToChannel(client, meta.c, simple(text)).catch(() => requester.respond(simple(text) as never));
      else await requester.respond(simple(text) as never);
    });
  });
}
