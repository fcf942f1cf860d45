import type { App } from '@slack/bolt';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { buildTestRuns, downloadArtifact, failedExecutions, listAnnotations, listArtifacts } from '../../buildkite/extras.js';
import { inlineCode, link } from '../../render/escape.js';
import { annotateModal, annotationsMessage, artifactsMessage, failedTestsMessage, humanSize, MAX_DOWNLOAD_BYTES, type RunFailures } from '../../render/extras.js';
import { simple } from '../../render/message.js';
import { invalidButton } from '../../render/outcomes.js';
import type { AppDeps } from '../deps.js';
import { BuildRef, decodeValue, encodeValue } from '../ids.js';
import { ACTION_REST, ArtifactRef, OptionalJobRef, RunRef } from '../ids-rest.js';
import { replyPrivately, sendFileDirectly } from '../reply.js';
import { runAsUser } from '../run-as-user.js';
import { openNow } from '../views/open-then-fill.js';
import { toClick } from './click.js';

/** Failed tests of every Test Engine run a build reported (one call per run). */
export async function loadFailedTests(bk: BuildkiteClient, pipeline: string, number: number, expanded: boolean, onlyRun?: string): Promise<RunFailures[]> {
  const runs = (await buildTestRuns(bk, pipeline, number)).filter((r) => !onlyRun || r.id === onlyRun).slice(0, 5);
  return Promise.all(
    runs.map(async (r) => {
      const page = await failedExecutions(bk, r.suite.slug, r.id, expanded);
      return { suite: r.suite.slug, runId: r.id, executions: page.items, total: page.total };
    }),
  );
}

export function registerExtraActions(app: App, deps: AppDeps): void {
  const onClick = <T>(action: string | RegExp, schema: Parameters<typeof decodeValue>[0], handle: (click: NonNullable<ReturnType<typeof toClick>>, ref: T) => Promise<void>) => {
    app.action(action, async ({ ack, body, client, respond }) => {
      await ack();
      const click = toClick(body as never, client, respond);
      if (!click) return;
      const ref = decodeValue(schema, click.value) as T | undefined;
      if (!ref) return replyPrivately(respond, invalidButton());
      await handle(click, ref);
    });
  };

  onClick<OptionalJobRef>(ACTION_REST.artifacts, OptionalJobRef, (click, ref) =>
    runAsUser(click, deps, async () => {
      const list = await listArtifacts(deps.buildkite(click.userId), ref.p, ref.b, ref.j);
      await replyPrivately(click.respond, artifactsMessage(ref.p, ref.b, list));
    }),
  );

  onClick<ArtifactRef>(ACTION_REST.downloadArtifact, ArtifactRef, (click, ref) =>
    runAsUser(click, deps, async () => {
      const bk = deps.buildkite(click.userId);
      const name = (await listArtifacts(bk, ref.p, ref.b, ref.j)).find((a) => a.id === ref.a);
      // An unknown size counts as too big: a 30 MB artifact without `file_size` must not be sent.
      const size = name ? name.file_size : ref.z;
      const filename = (name?.filename || name?.path || 'artifact').split('/').pop() || 'artifact';
      const tooBig = async (bytes: number | null | undefined) => {
        const url = `https://buildkite.com/${await bk.orgSlug()}/${ref.p}/builds/${ref.b}#${ref.j}`;
        const what = typeof bytes === 'number' ? `is ${humanSize(bytes)}, over the 10 MB I send through Slack` : 'has no size Buildkite would tell, so I do not send it through Slack';
        return replyPrivately(click.respond, simple(`:package: ${inlineCode(filename)} ${what}: ${link(url, 'download it from Buildkite')}.`));
      };
      if (typeof size !== 'number' || size > MAX_DOWNLOAD_BYTES) return tooBig(size);
      const bytes = await downloadArtifact(bk, ref.p, ref.b, ref.j, ref.a);
      // The listing can be wrong: the bytes themselves are counted before anything is uploaded.
      if (bytes.length > MAX_DOWNLOAD_BYTES) return tooBig(bytes.length);
      await sendFileDirectly(click.client, click.userId, { filename, content: bytes, title: `${filename} from ${ref.p} #${ref.b}` });
      await replyPrivately(click.respond, simple(`:package: Sent ${inlineCode(filename)} (${humanSize(bytes.length)}) to you in our direct messages.`));
    }),
  );

  onClick<BuildRef>(ACTION_REST.annotations, BuildRef, (click, ref) =>
    runAsUser(click, deps, async () => {
      await replyPrivately(click.respond, annotationsMessage(ref.p, ref.b, await listAnnotations(deps.buildkite(click.userId), ref.p, ref.b)));
    }),
  );

  onClick<BuildRef>(ACTION_REST.annotate, BuildRef, (click, ref) => openNow(deps, click, click.triggerId, annotateModal(encodeValue({ p: ref.p, b: ref.b, c: click.channelId }), ref.p, ref.b)));

  onClick<BuildRef>(ACTION_REST.failedTests, BuildRef, (click, ref) =>
    runAsUser(click, deps, async () => {
      const runs = await loadFailedTests(deps.buildkite(click.userId), ref.p, ref.b, false);
      await replyPrivately(click.respond, failedTestsMessage(ref.p, ref.b, runs, false));
    }),
  );

  onClick<{ s: string; r: string; p: string; b: number }>(ACTION_REST.failureDetails, RunRef, (click, ref) =>
    runAsUser(click, deps, async () => {
      const page = await failedExecutions(deps.buildkite(click.userId), ref.s, ref.r, true);
      const runs = [{ suite: ref.s, runId: ref.r, executions: page.items, total: page.total }];
      await replyPrivately(click.respond, failedTestsMessage(ref.p, ref.b, runs, true));
    }),
  );
}
