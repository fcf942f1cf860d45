import { createBuild, getBuild, unblockJob } from '../../buildkite/builds.js';
import { approvalPolicyOf } from '../approvals/channel-policy.js';
import { link } from '../../render/escape.js';
import { simple } from '../../render/message.js';
import { onSubmit } from '../../slack/modal.js';
import { performMutation } from '../../slack/mutation.js';
import { noteInThread, postToChannel, updateMessage } from '../../slack/reply.js';
import { whenRedrawFails } from '../../slack/cards/card-redraw.js';
import { loadBuildCard } from './build-card-loader.js';
import { NewBuildModal, UnblockModal } from './buttons.js';
import { readNewBuildForm } from './new-build-form.js';
import { fillInToUnblock, unblocked, withFields } from './build-card-outcomes.js';
import { isUnblocked } from './read-again.js';
import { fieldRefusal } from './unblock-refusal.js';
import { threadNote } from '../../render/thread-note.js';
import { readUnblockForm } from './unblock-form.js';
import { claimKeys } from '../../store/claim-keys.js';
import { endApprovalRequests, refusedByPolicy } from '../approvals/unblock-policy.js';

export const unblockSubmitted = onSubmit(UnblockModal, {
  // Refused in the modal itself: Slack shows each message under its field.
  read: (values, meta) => readUnblockForm(meta.fields ?? [], values, meta.unnamedFields === true, meta.unknownFields === true),
  async handle({ meta, values: fields, requester, intent }, deps) {
    const { userId, teamId, client } = requester;
    const { channel, messageTs } = meta;
    const key = claimKeys.unblock(teamId, userId, meta.job);
    const buildkite = deps.buildkite(requester);
    const target = { pipeline: meta.pipeline, build: meta.build, channel, ...(messageTs ? { messageTs } : {}) };
    const told = async () => {
      const line = unblocked(meta.title ?? 'block step', userId, fields);
      const note = `${threadNote(userId, 'unblocked', meta.title ?? 'block step', deps.now())}${withFields(fields)}`;
      await endApprovalRequests(deps, requester, target, note).catch(whenRedrawFails(deps.logger, 'ending the approval requests'));
      if (messageTs) {
        const [{ logs }, approvals] = await Promise.all([deps.store.getChannelSettings(teamId, channel), approvalPolicyOf(deps, teamId, channel, meta.pipeline)]);
        const card = await loadBuildCard(buildkite, meta.pipeline, meta.build, deps.now(), line, { logs, approvals }).catch(whenRedrawFails(deps.logger, 'the unblocked card'));
        if (card) {
          await updateMessage(client, channel, messageTs, card)
            .then(() => deps.metrics.cardEdited('unblocked'))
            .catch(whenRedrawFails(deps.logger, 'the unblocked card'));
        }
        await noteInThread(client, channel, messageTs, note).catch(whenRedrawFails(deps.logger, "the unblocked card's thread note"));
      } else {
        await requester.reply(simple(line));
      }
    };
    await performMutation(deps, requester, { ...intent, key }, async () => {
      // The channel's approval policy is the bot's own: refused before Buildkite is asked, and the claim
      // let go, so a try after the policy changed is checked afresh.
      if (await refusedByPolicy(deps, requester, target)) {
        await deps.store.release(key);
        return;
      }
      await unblockJob(buildkite, meta.pipeline, meta.build, meta.job, fields);
      await told();
    }, {
      // No answer came: the step read again tells whether it was unblocked.
      check: async () => {
        if (!isUnblocked(await getBuild(buildkite, meta.pipeline, meta.build), meta.job)) return false;
        await told();
        return true;
      },
      // Refused for its fields (a step uploaded at run time): the way on, privately; the card stays as it was.
      explain: async (error) => {
        const refusal = fieldRefusal(error);
        if (!refusal) return false;
        const { fields: _known, unnamedFields: _free, unknownFields: _unknown, ...job } = meta;
        await requester.reply(fillInToUnblock({ ...job, ...(refusal.fields.length > 0 ? { fields: refusal.fields } : { unnamedFields: true }) }, refusal.reason));
        return true;
      },
    });
  },
});

export const newBuildSubmitted = onSubmit(NewBuildModal, {
  read: (values) => readNewBuildForm(values),
  async handle({ meta, values: b, requester, intent }, deps) {
    await performMutation(deps, requester, intent, async () => {
      const build = await createBuild(deps.buildkite(requester), meta.pipeline, b);
      const text = `:rocket: <@${requester.userId}> started ${link(build.web_url, `${meta.pipeline} #${build.number}`)} on \`${b.branch.replace(/[`<>&]/g, '')}\``;
      await postToChannel(requester.client, meta.channel, simple(text)).catch(() => requester.reply(simple(text)));
    });
  },
});
