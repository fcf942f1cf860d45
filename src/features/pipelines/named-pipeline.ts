import { closest } from 'fastest-levenshtein';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { listPipelines } from '../../buildkite/pipelines.js';
import type { Message } from '../../render/message.js';
import { unknownBuild, unknownPipeline } from '../../render/not-found.js';
import { NotFound } from '../../scalekit/errors.js';
import type { Requester } from '../../slack/requester.js';

/**
 * Runs work on a pipeline (and maybe a build of it) that a person named. When Buildkite answers
 * "not found", they hear what was not found: the pipeline, with the nearest one they can see ("did you
 * mean `web`?"), or the build. NotFound is never the whole answer when the product can say more.
 */
export async function onNamedPipeline(requester: Requester, buildkite: BuildkiteClient, target: NamedTarget, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(await explainNotFound(requester, buildkite, target, error))) throw error;
  }
}

export interface NamedTarget {
  pipeline: string;
  number?: number;
}

/** Says what was not found, when `error` is Buildkite's NotFound for a named pipeline or build; false otherwise. */
export async function explainNotFound(requester: Requester, buildkite: BuildkiteClient, target: NamedTarget, error: unknown): Promise<boolean> {
  if (!(error instanceof NotFound)) return false;
  const slugs = await visiblePipelines(buildkite);
  if (slugs.length > 0 && !slugs.includes(target.pipeline)) {
    await requester.reply(await pipelineNotFound(buildkite, target.pipeline, slugs));
    return true;
  }
  if (target.number === undefined) return false;
  await requester.reply(unknownBuild(target.pipeline, target.number));
  return true;
}

/**
 * "No pipeline `x` in `org`. Did you mean `y`?": the one place a pipeline is suggested, read as the
 * person (`buildkite`), so only a pipeline they can see is named. `visible`: their pipelines, when read.
 */
export async function pipelineNotFound(buildkite: BuildkiteClient, slug: string, visible?: string[]): Promise<Message> {
  const others = (visible ?? (await visiblePipelines(buildkite))).filter((s) => s !== slug);
  return unknownPipeline(slug, await buildkite.orgSlug(), others.length > 0 ? closest(slug, others) : undefined);
}

/** The slugs of the pipelines the person can see (none when they cannot be listed). */
async function visiblePipelines(buildkite: BuildkiteClient): Promise<string[]> {
  return (await listPipelines(buildkite).catch(() => [])).map((p) => p.slug);
}
