import { buildInput, paginated } from './shapes.js';
import { z } from 'zod';
import type { BuildkiteClient } from './client.js';

/** A build's (or one job's) artifacts, and one artifact's bytes. Only what the bot shows is required. */

export const Artifact = z.object({
  id: z.string(),
  job_id: z.string().nullish(),
  path: z.string().nullish(),
  filename: z.string().nullish(),
  file_size: z.number().nullish(),
  mime_type: z.string().nullish(),
  state: z.string().nullish(),
  download_url: z.string().nullish(),
  url: z.string().nullish(),
});
export type Artifact = z.infer<typeof Artifact>;
export const ArtifactList = paginated(Artifact);

const ArtifactDownload = z.object({ data: z.string(), encoding: z.string().optional(), statusCode: z.number().optional() });

/** Artifacts, annotations and Test Engine, as one user. */

export async function listArtifacts(bk: BuildkiteClient, pipeline: string, number: number, jobId?: string) {
  const result = jobId
    ? await bk.inOrg('list_artifacts_for_job', { ...buildInput(pipeline, number), job_id: jobId, per_page: 100 }, ArtifactList)
    : await bk.inOrg('list_artifacts_for_build', { ...buildInput(pipeline, number), per_page: 100 }, ArtifactList);
  return result.data.items;
}

/** The artifact's bytes (the tool returns them base64-encoded). */
export async function downloadArtifact(bk: BuildkiteClient, pipeline: string, number: number, jobId: string, artifactId: string): Promise<Buffer> {
  const { data } = await bk.inOrg('get_artifact', { ...buildInput(pipeline, number), job_id: jobId, artifact_id: artifactId }, ArtifactDownload);
  return Buffer.from(data.data, 'base64');
}
