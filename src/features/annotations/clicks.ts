import { listAnnotations } from '../../buildkite/annotations.js';
import { onClick } from '../../slack/buttons.js';
import { openNow } from '../../slack/modal.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { annotateModal } from './annotate-form.js';
import { annotationsMessage } from './annotations-message.js';
import { AnnotateButton, AnnotationsButton } from './buttons.js';

export const annotationsClicked = onClick(AnnotationsButton, ({ click, value: ref }, deps) =>
  runAsUser(click, deps, async () => {
    await click.reply(annotationsMessage(ref.pipeline, ref.build, await listAnnotations(deps.buildkite(click), ref.pipeline, ref.build)));
  }),
);

export const annotateClicked = onClick(AnnotateButton, ({ click, value: ref }, deps) => openNow(deps, click, click.triggerId, annotateModal({ pipeline: ref.pipeline, build: ref.build, channel: click.channelId })));
