import type { App } from '@slack/bolt';
import { jobBlockId } from '../../render/build-card.js';
import { replaceBlockText } from '../../render/card-edit.js';
import { retried, threadNote, unblocked, working } from '../../render/outcomes.js';
import { unblockModal } from '../../render/unblock-modal.js';
import type { AppDeps } from '../deps.js';
import { ACTION, encodeValue, JobRef, UnblockRef, VIEW } from '../ids.js';
import { performCardAction } from './perform.js';
import { onButton } from './on-button.js';
import { openNow, openThenFill } from '../views/open-then-fill.js';
import { loadingModal } from '../../render/form.js';
import { loadBlockFields } from '../build-card-loader.js';

/** The job's title as the card shows it (carried in the button value), for outcome lines. */
const RetryRef = JobRef.extend({ t: UnblockRef.shape.t });

export function registerJobActions(app: App, deps: AppDeps): void {
  onButton(app, ACTION.retry, RetryRef, async ({ click, value: ref, client, respond }) => {
    const name = ref.t ?? 'job';
    await performCardAction(click, deps, {
      blockId: jobBlockId(ref.j),
      working: working.retry(name),
      audit: { tool: 'retry_job', input: { pipeline_slug: ref.p, build_number: String(ref.b), job_id: ref.j } },
      async run(buildkite) {
        const { data: job, executionId } = await buildkite.retryJob(ref.p, ref.b, ref.j);
        const buildUrl = `https://buildkite.com/${await buildkite.orgSlug()}/${ref.p}/builds/${ref.b}`;
        const line = retried(name, job, buildUrl, click.userId);
        return { blocks: (card) => replaceBlockText(card, jobBlockId(ref.j), line), thread: threadNote(click.userId, 'retried', name, deps.now()), summary: line, executionId };
      },
    });
  });

  onButton(app, ACTION.unblock, UnblockRef, async ({ click, value: ref, client, respond }) => {
    const name = ref.t ?? 'block step';
    const where = { c: click.channelId, ts: click.messageTs };
    if (ref.f && ref.f.length > 0) {
      // trigger_id lives about 3 s and once: open the form now, before any Buildkite call.
      await openNow(deps, click, click.triggerId, unblockModal({ ...ref, ...where }));
      return;
    }
    if (ref.F) {
      // The fields are not in the button (2,000 characters): open a loading form, then read them as the clicker.
      const meta = { p: ref.p, b: ref.b, j: ref.j, t: ref.t, ...where };
      await openThenFill(deps, click, click.triggerId, loadingModal(VIEW.unblock, 'Unblock step', encodeValue(meta)), async () => {
        const fields = await loadBlockFields(deps.buildkite(click.userId), ref.p, ref.b, ref.j);
        return unblockModal({ ...meta, f: fields });
      });
      return;
    }
    await performCardAction(click, deps, {
      blockId: jobBlockId(ref.j),
      working: working.unblock(name),
      audit: { tool: 'unblock_job', input: { pipeline_slug: ref.p, build_number: String(ref.b), job_id: ref.j } },
      async run(buildkite) {
        const { executionId } = await buildkite.unblockJob(ref.p, ref.b, ref.j);
        const line = unblocked(name, click.userId);
        return { blocks: (card) => replaceBlockText(card, jobBlockId(ref.j), line), thread: threadNote(click.userId, 'unblocked', name, deps.now()), summary: line, executionId };
      },
    });
  });
}
