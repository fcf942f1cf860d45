import { createAnnotation } from '../../buildkite/annotations.js';
import { escapeMrkdwn, inlineCode } from '../../render/escape.js';
import { simple } from '../../render/message.js';
import { onSubmit } from '../../slack/modal.js';
import { performMutation } from '../../slack/mutation.js';
import { readAnnotateForm } from './annotate-form.js';
import { AnnotateModal } from './buttons.js';

export const annotateSubmitted = onSubmit(AnnotateModal, {
  read: (values, meta) => (meta.build ? readAnnotateForm(values) : { errors: {} }),
  async handle({ meta, values: a, requester, intent }, deps) {
    const number = meta.build ?? 0;
    await performMutation(deps, requester, intent, async () => {
      const created = await createAnnotation(deps.buildkite(requester), meta.pipeline, number, a);
      await requester.reply(simple(`:memo: Annotated *${escapeMrkdwn(meta.pipeline)} #${number}* (${inlineCode(created.context || 'default')}, ${escapeMrkdwn(created.style || a.style || 'info')}).`));
    });
  },
});
