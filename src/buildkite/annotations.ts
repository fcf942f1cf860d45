import { buildInput, paginated } from './shapes.js';
import { z } from 'zod';
import type { BuildkiteClient } from './client.js';

// A build's annotations: read (HTML bodies) and written.

export const Annotation = z.object({
  id: z.string(),
  context: z.string().nullish(),
  style: z.string().nullish(),
  scope: z.string().nullish(),
  priority: z.number().nullish(),
  body_html: z.string().nullish(),
});
export type Annotation = z.infer<typeof Annotation>;
export const AnnotationList = paginated(Annotation);

export async function listAnnotations(bk: BuildkiteClient, pipeline: string, number: number) {
  return (await bk.inOrg('list_annotations', { ...buildInput(pipeline, number), per_page: 20 }, AnnotationList)).data.items;
}

export interface NewAnnotation {
  body: string;
  style?: string;
  context?: string;
  append?: boolean;
  priority?: number;
  jobId?: string;
}

export async function createAnnotation(bk: BuildkiteClient, pipeline: string, number: number, a: NewAnnotation) {
  const input = {
    ...buildInput(pipeline, number),
    body: a.body,
    scope: a.jobId ? 'job' : 'build',
    ...(a.jobId ? { job_id: a.jobId } : {}),
    ...(a.style ? { style: a.style } : {}),
    ...(a.context ? { context: a.context } : {}),
    ...(a.append ? { append: true } : {}),
    ...(a.priority ? { priority: a.priority } : {}),
  };
  return (await bk.inOrg('create_annotation', input, Annotation)).data;
}
