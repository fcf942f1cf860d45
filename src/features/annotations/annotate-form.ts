import { AnnotateModal } from './buttons.js';
import type { FormRead } from '../../slack/modal.js';
import type { NewAnnotation } from '../../buildkite/annotations.js';
import type { types } from '@slack/bolt';
import { escapeMrkdwn } from '../../render/escape.js';
import { checkboxInput, selectInput, textInput } from '../../render/form.js';
import { readChecked, readValue, type StateValues } from '../../slack/form-values.js';

const ANNOTATE_FIELDS = { body: 'body', style: 'style', context: 'context', job: 'job_id', priority: 'priority', append: 'append' } as const;
const A = ANNOTATE_FIELDS;
const STYLES = ['default', 'info', 'success', 'warning', 'error'].map((s) => ({ label: s, value: s }));
const PRIORITIES = Array.from({ length: 10 }, (_, i) => ({ label: String(i + 1), value: String(i + 1) }));

export function annotateModal(meta: { pipeline: string; build: number; channel: string }): types.ModalView {
  const { pipeline, build: number } = meta;
  return AnnotateModal.view(meta, { title: 'Annotate build', submit: 'Annotate', blocks: [
    { type: 'section', text: { type: 'mrkdwn', text: `Annotation on *${escapeMrkdwn(pipeline)} #${number}*` } },
    textInput(A.body, { label: 'Body (Markdown)', multiline: true, maxLength: 3000 }),
    selectInput(A.style, 'Style', STYLES, 'info'),
    textInput(A.context, { label: 'Context', optional: true, placeholder: 'default', hint: 'An annotation with the same context is replaced (or appended to).' }),
    textInput(A.job, { label: 'Job id', optional: true, hint: 'Set it to annotate one job instead of the build.' }),
    selectInput(A.priority, 'Priority', PRIORITIES, '3'),
    checkboxInput(A.append, 'Append', 'Append to an annotation with the same context', false),
  ] });
}

export function readAnnotateForm(values: StateValues): FormRead<NewAnnotation> {
  const body = readValue(values, A.body);
  if (!body) return { errors: { [A.body]: 'Write something.' } as Record<string, string> };
  const jobId = readValue(values, A.job);
  if (jobId && !/^[0-9a-f-]{8,64}$/i.test(jobId)) return { errors: { [A.job]: 'That is not a job id.' } as Record<string, string> };
  return {
    values: { body, style: readValue(values, A.style) || 'info', context: readValue(values, A.context) || undefined, jobId: jobId || undefined, priority: Number(readValue(values, A.priority) || '3'), append: readChecked(values, A.append) },
  };
}
