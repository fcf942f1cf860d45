/** Artifact and annotation tools. */
import { ToolFailure, validationErrors } from './errors.js';
import type { ToolHandlers } from './context.js';
import { markdownToHtml } from './markdown.js';
import type { AnnotationRecord } from './model.js';
import { paginate } from './paginate.js';
import { annotationShape, artifactShape } from './shapes-outputs.js';

const STYLES = new Set(['default', 'success', 'info', 'warning', 'error']);

export const artifactTools: Pick<
  ToolHandlers,
  'list_artifacts_for_build' | 'list_artifacts_for_job' | 'get_artifact' | 'list_annotations' | 'create_annotation'
> = {
  list_artifacts_for_build(ctx, input) {
    const { store } = ctx;
    const build = store.build(input.pipeline_slug, input.build_number);
    const artifacts = [...store.artifacts.values()].filter((a) => a.buildId === build.id);
    const page = paginate(artifacts, input, 100, `${store.buildApiUrl(build)}/artifacts`);
    return { headers: page.headers, items: page.items.map((a) => artifactShape(store, a)) };
  },

  list_artifacts_for_job(ctx, input) {
    const { store } = ctx;
    const build = store.build(input.pipeline_slug, input.build_number);
    const job = store.job(build, input.job_id);
    const artifacts = [...store.artifacts.values()].filter((a) => a.jobId === job.id);
    const page = paginate(artifacts, input, 100, `${store.buildApiUrl(build)}/jobs/${job.id}/artifacts`);
    return { headers: page.headers, items: page.items.map((a) => artifactShape(store, a)) };
  },

  /** This tool downloads directly, so failures read like the HTTP client's error, not a REST body. */
  get_artifact(ctx, input) {
    const { store } = ctx;
    const url = `${store.pipelineApiUrl(input.pipeline_slug)}/builds/${input.build_number}/jobs/${input.job_id}/artifacts/${input.artifact_id}/download`;
    try {
      const build = store.build(input.pipeline_slug, input.build_number);
      const job = store.job(build, input.job_id);
      const artifact = store.artifacts.get(input.artifact_id);
      if (!artifact || artifact.jobId !== job.id) throw new ToolFailure(404, '');
      return { data: artifact.content.toString('base64'), encoding: 'base64', status: '200 OK', statusCode: 200 };
    } catch (error) {
      if (error instanceof ToolFailure && error.status === 404) {
        throw new ToolFailure(404, `response failed with error GET ${url}: 404 Not Found`);
      }
      throw error;
    }
  },

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
