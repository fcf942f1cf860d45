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

/** A Buildkite page a person may paste: a build (maybe one of its jobs) or a pipeline. */
export type BuildkiteLink =
  | { kind: 'build'; org: string; pipeline: string; number: number; jobId?: string }
  | { kind: 'pipeline'; org: string; pipeline: string };

/** Pages under buildkite.com that are not an organisation's. */
const NOT_ORGS = new Set(['docs', 'user', 'users', 'organizations', 'sign_in', 'signup', 'login', 'logout', 'about', 'pricing', 'features', 'changelog', 'blog', 'home', 'dashboard', 'support']);
const SEGMENT = /^[a-z0-9][a-z0-9_-]*$/i;

/** Reads a pasted Buildkite link; undefined for any other page (settings, docs, another site). */
export function parseBuildkiteLink(text: string): BuildkiteLink | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.hostname !== 'buildkite.com' && url.hostname !== 'www.buildkite.com') return undefined;
  const [org, pipeline, section, number, ...deeper] = url.pathname.split('/').filter(Boolean);
  if (!org || !pipeline || NOT_ORGS.has(org.toLowerCase()) || !SEGMENT.test(org) || !SEGMENT.test(pipeline)) return undefined;
  if (section === undefined || (section === 'builds' && number === undefined)) return { kind: 'pipeline', org, pipeline };
  if (section !== 'builds' || !/^\d+$/.test(number ?? '') || deeper.length > 0) return undefined;
  const jobId = url.hash.slice(1) || url.searchParams.get('jid') || undefined;
  return { kind: 'build', org, pipeline, number: Number(number), ...(jobId && /^[0-9a-f-]{8,}$/i.test(jobId) ? { jobId } : {}) };
}
