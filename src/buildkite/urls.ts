/** Buildkite's web addresses: the one place they are built and read. */

const WEB = 'https://buildkite.com';

/** A build's page, or one job on it (`…/builds/141#<job id>`). */
export function buildUrl(org: string, pipeline: string, number: number, jobId?: string): string {
  return `${WEB}/${org}/${pipeline}/builds/${number}${jobId ? `#${jobId}` : ''}`;
}

/** `https://buildkite.com/acme/web/builds/141` → its org, pipeline and number (anything after is ignored). */
export function parseBuildUrl(text: string): { org: string; pipeline: string; number: number } | undefined {
  const match = text.match(/^https?:\/\/buildkite\.com\/([^/]+)\/([^/]+)\/builds\/(\d+)/);
  return match ? { org: match[1]!, pipeline: match[2]!, number: Number(match[3]) } : undefined;
}

/** The pipeline slug inside a build's web URL (builds listed org-wide may not name their pipeline otherwise). */
export function pipelineOfBuildUrl(webUrl: string): string | undefined {
  return webUrl.match(/buildkite\.com\/[^/]+\/([^/]+)\/builds\//)?.[1];
}
