import { z } from 'zod';
import { defineButton, defineLinkButton } from '../../slack/buttons.js';
import { BuildRef, BuildRefKeys, buildkiteId, JobRef, JobRefKeys } from '../../slack/refs.js';

/** A build's artifacts (or one job's). */
export const ArtifactsButton = defineButton('list_artifacts', BuildRef.extend({ job: buildkiteId.optional() }), { ...BuildRefKeys, job: 'j' });

/** `size` in bytes; absent when Buildkite did not say (then it counts as too big). */
const ArtifactRef = JobRef.extend({ artifact: buildkiteId, size: z.number().int().min(0).optional() });
export type ArtifactRef = z.infer<typeof ArtifactRef>;
/** Download, one per artifact (`download_artifact:<artifact id>`). */
export const DownloadArtifactButton = defineButton('download_artifact', ArtifactRef, { ...JobRefKeys, artifact: 'a', size: 'z' }, { perRow: true });
/** A presigned link straight to the file in Buildkite's storage, for one too big to send (short-lived). */
export const ArtifactDirectLink = defineLinkButton('artifact_direct_link');
