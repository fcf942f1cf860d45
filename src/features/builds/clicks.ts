import { cancelBuild, getBuild, rebuildBuild, retryJob, listBuildsSettled } from '../../buildkite/builds.js';
import { approvalPolicyOf } from '../approvals/channel-policy.js';
import type { Build, Job } from '../../buildkite/builds.js';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { buildUrl } from '../../buildkite/urls.js';
import type { Block } from '../../render/message.js';
import { replaceBlockText, withNote } from '../../slack/cards/card-blocks.js';
import { onClick, onLinkClick } from '../../slack/buttons.js';
import { clickIntent, performCardAction } from '../../slack/cards/card-action.js';
import { openNow, openThenFill } from '../../slack/modal.js';
import { performMutation } from '../../slack/mutation.js';
import { replaceClickedMessage, shareInChannel, updateMessage } from '../../slack/reply.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { buildCard, jobBlockId } from './build-card.js';
import { BUILD_ACTIONS_BLOCK } from './build-card-row.js';
import { loadBuildCard, loadUnblockTarget } from './build-card-loader.js';
import { newBuildModal } from './new-build-form.js';
import { NewBuildButton, CancelButton, FillUnblockButton, OpenCardButton, RetryAllFailedButton, OpenBuildLink, RebuildButton, RefreshButton, RetryButton, ShareStatusButton, UnblockButton, UnblockModal } from './buttons.js';
import { canceled, rebuilt, retried, retriedAll, working } from './build-card-outcomes.js';
import { isCanceled, retryOf } from './read-again.js';
import { retryAllFailed } from './retry-all.js';
import { postRequestedCard } from './build-card-requested.js';
import { threadNote } from '../../render/thread-note.js';
import { statusMessage } from './status-message.js';
import { notBlockedModal, unblockModal } from './unblock-form.js';

export const retryClicked = onClick(RetryButton, async ({ click, value: ref }, deps) => {
  const name = ref.title ?? 'job';
  await performCardAction(click, deps, {
    blockId: jobBlockId(ref.job),
    working: working.retry(name),
    async run(buildkite) {
      return outcome(await retryJob(buildkite, ref.pipeline, ref.build, ref.job), buildkite);
    },
    async check(buildkite) {
      const job = retryOf(await getBuild(buildkite, ref.pipeline, ref.build), ref.job);
      return job && outcome(job, buildkite);
    },
  });
  async function outcome(job: Pick<Job, 'id' | 'state'>, buildkite: BuildkiteClient) {
    const line = retried(name, job, buildUrl(await buildkite.orgSlug(), ref.pipeline, ref.build), click.userId);
    return { blocks: (card: Block[]) => replaceBlockText(card, jobBlockId(ref.job), line), thread: threadNote(click.userId, 'retried', name, deps.now()), summary: line };
  }
});

/**
 * Every Unblock confirms first, in a form: what it releases (step, build, branch, commit message), who is
 * asking, and the step's fields when the pipeline's YAML declares them. It opens at once (trigger_id lives
 * ~3 s) and is filled as the clicker reads the build.
 */
export const unblockClicked = onClick(UnblockButton, async ({ click, value: ref }, deps) => {
  // From a preview the card is someone's message: the outcome is then told privately, not edited in.
  const meta = { pipeline: ref.pipeline, build: ref.build, job: ref.job, title: ref.title, channel: click.channelId, ...(click.inPreview ? {} : { messageTs: click.messageTs }) };
  await openThenFill(deps, click, click.triggerId, UnblockModal.loading(meta, 'Unblock step'), async () => {
    const { build, job, fields } = await loadUnblockTarget(deps.buildkite(click), ref.pipeline, ref.build, ref.job);
    if (job && job.state !== 'blocked') return notBlockedModal(meta, job.state);
    return unblockModal({ ...meta, ...(fields === undefined ? { unknownFields: true as const } : fields.length > 0 ? { fields } : {}) }, { branch: build.branch, message: build.message, by: click.userId });
  });
});

/** "Fill in and unblock": the form with the fields Buildkite named when it refused (or a free KEY=value area). */
export const fillUnblockClicked = onClick(FillUnblockButton, async ({ click, value: meta }, deps) => {
  await openNow(deps, click, click.triggerId, unblockModal(meta, { by: click.userId }));
});

/** Retry all failed: each failed job retried once, as the clicker; one line says what happened to each. */
export const retryAllClicked = onClick(RetryAllFailedButton, async ({ click, value: ref }, deps) => {
  await performCardAction(click, deps, {
    blockId: BUILD_ACTIONS_BLOCK,
    working: working.retryAll(),
    async run(buildkite) {
      const outcome = await retryAllFailed(deps, buildkite, ref, click.teamId);
      const line = retriedAll(outcome, click.userId);
      const url = buildUrl(await buildkite.orgSlug(), ref.pipeline, ref.build);
      return {
        // Each retried job's row says so; the card's note lists everything.
        blocks: (card) => outcome.retried.reduce((blocks, job) => replaceBlockText(blocks, jobBlockId(job.id), retried(job.name, { id: job.newJobId, state: 'scheduled' }, url, click.userId)), withNote(card, line, BUILD_ACTIONS_BLOCK)),
        thread: threadNote(click.userId, 'retried', `${outcome.retried.length} failed jobs of ${ref.pipeline} #${ref.build}`, deps.now()),
        summary: line,
      };
    },
  });
});


export const cancelClicked = onClick(CancelButton, async ({ click, value: ref }, deps) => {
  await performCardAction(click, deps, {
    blockId: BUILD_ACTIONS_BLOCK,
    working: working.cancel(),
    async run(buildkite) {
      // Buildkite returns the build as canceled: the card is redrawn from it.
      return outcome(await cancelBuild(buildkite, ref.pipeline, ref.build));
    },
    async check(buildkite) {
      const build = await getBuild(buildkite, ref.pipeline, ref.build);
      return isCanceled(build) ? outcome(build) : undefined;
    },
  });
  function outcome(build: Build) {
    const card = buildCard({ build, pipeline: ref.pipeline, now: deps.now(), note: canceled(click.userId) });
    return { blocks: card.blocks, thread: threadNote(click.userId, 'canceled', `${ref.pipeline} #${ref.build}`, deps.now()), summary: canceled(click.userId) };
  }
});

export const rebuildClicked = onClick(RebuildButton, async ({ click, value: ref }, deps) => {
  await performCardAction(click, deps, {
    blockId: BUILD_ACTIONS_BLOCK,
    working: working.rebuild(),
    async run(buildkite) {
      const build = await rebuildBuild(buildkite, ref.pipeline, ref.build);
      const line = rebuilt(ref.pipeline, build, click.userId);
      return { blocks: (card) => withNote(card, line, BUILD_ACTIONS_BLOCK), thread: threadNote(click.userId, 'rebuilt', `${ref.pipeline} #${ref.build}`, deps.now()), summary: line };
    },
  });
});

export const refreshClicked = onClick(RefreshButton, async ({ click, value: ref }, deps) => {
  await runAsUser(click, deps, async () => {
    const [{ logs }, approvals] = await Promise.all([deps.store.getChannelSettings(click.teamId, click.channelId), approvalPolicyOf(deps, click.teamId, click.channelId, ref.pipeline)]);
    const card = await loadBuildCard(deps.buildkite(click), ref.pipeline, ref.build, deps.now(), `Refreshed by <@${click.userId}>`, { logs, approvals });
    if (click.isEphemeral) await replaceClickedMessage(click.respond, card);
    else await updateMessage(click.client, click.channelId, click.messageTs, card);
    deps.metrics.cardEdited('refresh');
  });
});

export const shareStatusClicked = onClick(ShareStatusButton, async ({ click, value: query }, deps) => {
  // Posting into the channel is done once per intent, like a change in Buildkite.
  await performMutation(deps, click, clickIntent(click), async () => {
    // Re-run as the clicker: what goes into the channel is what they may see, fresh.
    const buildkite = deps.buildkite(click);
    const builds = await listBuildsSettled(buildkite, { ...query, jobs: false });
    const message = statusMessage({ builds, query, org: await buildkite.orgSlug(), now: deps.now(), sharedBy: click.userId });
    await shareInChannel(click.respond, message);
  });
});

export const openBuildClicked = onLinkClick(OpenBuildLink);

/** A status line's Card: the build's card in the channel, read as the clicker. */
export const openCardClicked = onClick(OpenCardButton, async ({ click, value: ref }, deps) => {
  await runAsUser(click, deps, () => postRequestedCard(deps, click, deps.buildkite(click), ref.pipeline, ref.build));
});

/** New build, from a card or a pipeline: the form opens at once, on the card's branch. */
export const newBuildClicked = onClick(NewBuildButton, async ({ click, value: ref }, deps) => {
  await openNow(deps, click, click.triggerId, newBuildModal({ pipeline: ref.pipeline, channel: click.channelId }, ref.branch));
});
