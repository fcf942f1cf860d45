import type { App } from '@slack/bolt';
import { createAnnotation } from '../../buildkite/extras.js';
import { escapeMrkdwn, inlineCode } from '../../render/escape.js';
import { readAnnotateForm } from '../../render/extras.js';
import type { StateValues } from '../../render/form.js';
import { simple } from '../../render/message.js';
import type { AppDeps } from '../deps.js';
import { submissionId } from '../replay.js';
import { decodeValue } from '../ids.js';
import { BuildModalMeta, VIEW_REST } from '../ids-rest.js';
import { modalRequester } from './modal-reply.js';
import { performSubmission } from './open-then-fill.js';

export function registerAnnotateView(app: App, deps: AppDeps): void {
  app.view(VIEW_REST.annotate, async ({ ack, body, view, client }) => {
    const meta = decodeValue(BuildModalMeta, view.private_metadata);
    const form = readAnnotateForm(view.state.values as StateValues);
    if (!meta?.b || !form.annotation) {
      await ack({ response_action: 'errors', errors: form.errors ?? {} });
      return;
    }
    await ack();
    const userId = body.user.id;
    const number = meta.b;
    const a = form.annotation;
    const requester = modalRequester(client, userId, meta.c);
    const subject = { tool: 'create_annotation' as const, input: { pipeline_slug: meta.p, build_number: String(number), context: a.context, style: a.style, scope: a.jobId ? 'job' : 'build' } };
    await performSubmission(deps, { teamId: body.team?.id ?? '', userId, channelId: meta.c, key: view.id, triggerId: submissionId(body) }, requester, subject, async () => {
      const created = await createAnnotation(deps.buildkite(userId), meta.p, number, a);
      await requester.respond(simple(`:memo: Annotated *${escapeMrkdwn(meta.p)} #${number}* (${inlineCode(created.context || 'default')}, ${escapeMrkdwn(created.style || a.style)}).`) as never);
    });
  });
}
