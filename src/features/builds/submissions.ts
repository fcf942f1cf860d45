import { createBuild, getBuild, unblockJob } from '../../buildkite/builds.js';
import { link } from '../../render/escape.js';
import { simple } from '../../render/message.js';
import { onSubmit } from '../../slack/modal.js';
import { performMutation } from '../../slack/mutation.js';
import { noteInThread, postToChannel, updateMessage } from '../../slack/reply.js';
import { whenRedrawFails } from '../../slack/cards/card-redraw.js';
import { loadBuildCard } from './build-card-loader.js';
import { NewBuildModal, UnblockModal } from './buttons.js';
import { readNewBuildForm } from './new-build-form.js';
import { fillInToUnblock, unblocked } from './build-card-outcomes.js';
import { isUnblocked } from './read-again.js';
import { fieldRefusal } from './unblock-refusal.js';
import { threadNote } from '../../render/thread-note.js';
import { readUnblockForm } from './unblock-form.js';

export const unblockSubmitted = onSubmit(UnblockModal, {
  // Refused in the modal itself: Slack shows each message under its field.
  read: (values, meta) => readUnblockForm(meta.f ?? [], values, meta.x === true, meta.u === true),
  async handle({ meta, values: fields, requester, intent }, deps) {
    const { userId, teamId, client } = requester;
    const channel = meta.c;
    const key = ['unblock', teamId, userId, meta.j].join('|');
    const buildkite = deps.buildkite(requester);
    const told = async () => {
      const line = unblocked(meta.t ?? 'block step', userId, fields);
      if (channel && meta.ts) {
        const { logs } = await deps.store.getChannelSettings(teamId, channel);
        const card = await loadBuildCard(buildkite, meta.p, meta.b, deps.now(), line, { logs }).catch(whenRedrawFails(deps.logger, 'the unblocked card'));
        if (card) await updateMessage(client, channel, meta.ts, card).catch(whenRedrawFails(deps.logger, 'the unblocked card'));
        await noteInThread(client, channel, meta.ts, threadNote(userId, 'unblocked', meta.t ?? 'block step', deps.now())).catch(whenRedrawFails(deps.logger, "the unblocked card's thread note"));
      } else {
        await requester.reply(simple(line));
      }
    };
    await performMutation(deps, requester, { ...intent, key }, async () => {
      await unblockJob(buildkite, meta.p, meta.b, meta.j, fields);
      await told();
    }, {
      // No answer came: the step read again tells whether it was unblocked.
      check: async () => {
        if (!isUnblocked(await getBuild(buildkite, meta.p, meta.b), meta.j)) return false;
        await told();
        return true;
      },
      // Refused for its fields (a step uploaded at run time): the way on, privately; the card stays as it was.
      explain: async (error) => {
        const refusal = fieldRefusal(error);
        if (!refusal) return false;
        const { f: _known, x: _free, u: _unknown, ...job } = meta;
        await requester.reply(fillInToUnblock({ ...job, ...(refusal.fields.length > 0 ? { f: refusal.fields } : { x: true }) }, refusal.reason));
        return true;
      },
    });
  },
});

export const newBuildSubmitted = onSubmit(NewBuildModal, {
  read: (values) => readNewBuildForm(values),
  async handle({ meta, values: b, requester, intent }, deps) {
    await performMutation(deps, requester, intent, async () => {
      const build = await createBuild(deps.buildkite(requester), meta.p, b);
      const text = `:rocket: <@${requester.userId}> started ${link(build.web_url, `${meta.p} #${build.number}`)} on \`${b.branch.replace(/[`<>&]/g, '')}\``;
      if (meta.c) await postToChannel(requester.client, meta.c, simple(text)).catch(() => requester.reply(simple(text)));
      else await requester.reply(simple(text));
    });
  },
});
