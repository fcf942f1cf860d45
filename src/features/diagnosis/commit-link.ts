/**
 * A commit's page on the hosts Buildkite pipelines most often build from, from the pipeline's repository
 * (`git@github.com:acme/web.git`, `https://gitlab.com/acme/web`); undefined for any other host.
 */
const COMMIT_PATHS: Record<string, string> = { 'github.com': 'commit', 'gitlab.com': '-/commit', 'bitbucket.org': 'commits' };

export function commitUrl(repository: string | null | undefined, sha: string | null | undefined): string | undefined {
  if (!repository || !sha || !/^[0-9a-f]{7,40}$/i.test(sha)) return undefined;
  const match = /^(?:git@([^:/]+):|(?:https?|ssh):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/)(.+?)(?:\.git)?\/?$/.exec(repository.trim());
  const host = match?.[1] ?? match?.[2];
  const path = match?.[3];
  if (!host || !path || !COMMIT_PATHS[host] || !/^[\w.-]+(\/[\w.-]+)+$/.test(path)) return undefined;
  return `https://${host}/${path}/${COMMIT_PATHS[host]}/${sha}`;
}
