import { buildInput, paginated } from './shapes.js';
import { ArtifactContent } from './artifact-content.js';
import { z } from 'zod';
import type { BuildkiteClient } from './client.js';

// A build's (or one job's) artifacts, and one artifact's bytes. Only what the bot shows is required.

export const Artifact = z.object({
  id: z.string(),
  job_id: z.string().nullish(),
  path: z.string().nullish(),
  filename: z.string().nullish(),
  file_size: z.number().nullish(),
  mime_type: z.string().nullish(),
  state: z.string().nullish(),
  /** Lists of v1.7 carry it (the API's download endpoint); newer servers' lists leave it out. */
  download_url: z.string().nullish(),
  url: z.string().nullish(),
});
export type Artifact = z.infer<typeof Artifact>;
export const ArtifactList = paginated(Artifact);

export async function listArtifacts(bk: BuildkiteClient, pipeline: string, number: number, jobId?: string) {
  const result = jobId
    ? await bk.inOrg('list_artifacts_for_job', { ...buildInput(pipeline, number), job_id: jobId, per_page: 100 }, ArtifactList)
    : await bk.inOrg('list_artifacts_for_build', { ...buildInput(pipeline, number), per_page: 100 }, ArtifactList);
  return result.data.items;
}

/**
 * What `get_artifact` gave: the bytes (v1.7's base64, a newer server's inline text) or where to fetch
 * them (see artifact-content.ts).
 */
export async function readArtifact(bk: BuildkiteClient, pipeline: string, number: number, jobId: string, artifactId: string): Promise<ArtifactContent> {
  const { data } = await bk.inOrg('get_artifact', { ...buildInput(pipeline, number), job_id: jobId, artifact_id: artifactId }, ArtifactContent);
  return data;
}
