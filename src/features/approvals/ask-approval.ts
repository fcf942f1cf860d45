import { getBuild } from '../../buildkite/builds.js';
import { onClick } from '../../slack/buttons.js';
import { onSubmit, openNow } from '../../slack/modal.js';
import { performMutation } from '../../slack/mutation.js';
import { noteInThread, sendDirectMessage } from '../../slack/reply.js';
import { whenRedrawFails } from '../../slack/cards/card-redraw.js';
import { drawBuildCard } from '../builds/build-card-loader.js';
import { askedConfirmation, askedLine, askedToApprove } from './approval-messages.js';
import { askApprovalModal, readAskForm } from './ask-form.js';
import { AskApprovalButton, AskApprovalModal } from './buttons.js';
import { rememberAsked } from './approval-requests.js';
import { policyFor } from './unblock-policy.js';
import { approverPeople } from './approver-people.js';

/** How long the form waits for the approvers (the policy's read, a group's members) before it opens with what is known. */
const PREFILL_WAIT_MS = 800;

/** Ask for approval: the form opens at once, prefilled with the approvers the policy names. */
export const askApprovalClicked = onClick(AskApprovalButton, async ({ click, value: ref }, deps) => {
  // The trigger lives ~3 s: the policy's read (which may look through the approval requests) and a
  // group's members are waited for this long together, then the form opens with what is known.
  let known: string[] = [];
  const policy = policyFor(deps, click.teamId, { pipeline: ref.pipeline, build: ref.build, channel: click.channelId }).catch(() => undefined);
  void policy.then((p) => (known = p?.users ?? []));
  const people = policy.then((p) => approverPeople(click.client, p, deps.logger));
  const prefilled = await Promise.race([people, new Promise<string[]>((resolve) => setTimeout(() => resolve(known), PREFILL_WAIT_MS))]);
  const meta = { ...ref, channel: click.channelId, ...(click.inPreview || click.isEphemeral ? {} : { messageTs: click.messageTs }) };
  await openNow(deps, click, click.triggerId, askApprovalModal(meta, prefilled));
});

/**
 * Sends the card, read as the asker, to exactly the people chosen, once per submitted form; they unblock
 * as themselves. The card's thread hears who was asked, and they are remembered for reminders and the
 * morning DM.
 */
export const askApprovalSubmitted = onSubmit(AskApprovalModal, {
  read: (values) => readAskForm(values),
  async handle({ meta, values, requester, intent }, deps) {
    await performMutation(deps, requester, intent, async () => {
      const buildkite = deps.buildkite(requester);
      const build = await getBuild(buildkite, meta.pipeline, meta.build);
      const approvals = await policyFor(deps, requester.teamId, { pipeline: meta.pipeline, build: meta.build, channel: meta.channel });
      // Who asks, and why, is the card's note: drawn within the card's own limits. No log lines: the people
      // asked may not be in the channel (Logs on the card shows them, read as whoever clicks it).
      const dm = await drawBuildCard(buildkite, build, meta.pipeline, deps.now(), askedToApprove(requester.userId, meta.pipeline, meta.build, values.note || undefined), { logs: false, approvals });
      // Each person on their own: one Slack refuses (a bot, a deactivated user) does not stop the others.
      const reached: string[] = [];
      const unreached: string[] = [];
      for (const person of values.people) {
        try {
          await sendDirectMessage(requester.client, person, dm);
          reached.push(person);
        } catch (error) {
          deps.logger.warn(`the Ask for approval DM to ${person} failed: ${error instanceof Error ? error.message : String(error)}`);
          unreached.push(person);
        }
      }
      if (meta.messageTs && reached.length > 0) {
        await rememberAsked(deps, { teamId: requester.teamId, channelId: meta.channel, ts: meta.messageTs, build, pipeline: meta.pipeline, readAs: requester.userId }, reached, approvals);
        await noteInThread(requester.client, meta.channel, meta.messageTs, askedLine(requester.userId, reached, deps.now())).catch(whenRedrawFails(deps.logger, "the card's thread note"));
      }
      await requester.reply(askedConfirmation(reached, unreached));
    });
  },
});
