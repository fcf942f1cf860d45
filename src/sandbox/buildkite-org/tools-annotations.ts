/** Annotation tools (the artifact tools are in tools-artifacts.ts). */
import { validationErrors } from './errors.js';
import type { ToolHandlers } from './context.js';
import { markdownToHtml } from './markdown.js';
import type { AnnotationRecord } from './model.js';
import { paginate } from './paginate.js';
import { annotationShape } from './shapes-outputs.js';

const STYLES = new Set(['default', 'success', 'info', 'warning', 'error']);

export const annotationTools: Pick<ToolHandlers, 'list_annotations' | 'create_annotation'> = {
  list_annotations(ctx, input) {
    const { store } = ctx;
    const build = store.build(input.pipeline_slug, input.build_number);
    const jobScope = input.scope === 'job';
    if (jobScope) store.job(build, input.job_id ?? '');
    const annotations = [...store.annotations.values()]
      .filter((a) => a.buildId === build.id && (jobScope ? a.jobId === input.job_id : a.jobId === null))
      .sort((a, b) => b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime());
    const url = jobScope ? `${store.buildApiUrl(build)}/jobs/${input.job_id}/annotations` : `${store.buildApiUrl(build)}/annotations`;
    const page = paginate(annotations, input, 100, url);
    return { headers: page.headers, items: page.items.map(annotationShape) };
  },

  create_annotation(ctx, input) {
    const { store } = ctx;
    const build = store.build(input.pipeline_slug, input.build_number);
    const jobId = input.scope === 'job' ? store.job(build, input.job_id ?? '').id : null;
    const style = input.style && input.style !== '' ? input.style : 'default';
    const context = input.context && input.context !== '' ? input.context : 'default';
    const priority = input.priority ?? 3;
    const errors: string[] = [];
    if (input.body.trim() === '') errors.push("Body can't be blank");
    if (!STYLES.has(style)) errors.push('Style is not included in the list');
    if (priority < 1 || priority > 10) errors.push('Priority must be between 1 and 10');
    if (errors.length > 0) throw validationErrors(errors);

    const now = store.now();
    const existing = [...store.annotations.values()].find(
      (a) => a.buildId === build.id && a.jobId === jobId && a.context === context,
    );
    const html = markdownToHtml(input.body);
    if (existing) {
      existing.bodyHtml = input.append ? `${existing.bodyHtml}\n${html}` : html;
      existing.style = style;
      existing.priority = priority;
      existing.updatedAt = now;
      return annotationShape(existing);
    }
    const annotation: AnnotationRecord = {
      id: store.ids.uuid(), buildId: build.id, jobId, context, style, priority, bodyHtml: html, createdAt: now, updatedAt: now,
    };
    store.annotations.set(annotation.id, annotation);
    return annotationShape(annotation);
  },
};
