import type { AppDeps } from '../../slack/deps.js';
import { messageLink } from '../../slack/lookups.js';
import { postToChannel, replyInThread } from '../../slack/reply.js';
import type { BuildRef } from '../../slack/refs.js';
import type { Requester } from '../../slack/requester.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { claimKeys } from '../../store/claim-keys.js';
import { explainNotFound } from '../pipelines/named-pipeline.js';
import { alreadyAnswered, beingAnswered, diagnosisMessage, notFailed } from './diagnosis-message.js';
import { gatherEvidence } from './gather.js';
import { decide } from './verdicts.js';

/** Long enough for a diagnosis within its budget; a replica that died mid-way frees it by then. */
const ANSWERING_MS = 2 * 60_000;

/**
 * "Why did it fail?", asked by a click on a card (`cardTs`) or by `/buildkite why`: answered once per
 * build per channel, in the card's thread (a command finds the channel's card of the build, else posts
 * in the channel), read as the one who asked. Asked again, it points to the first answer without a
 * Buildkite call; asked twice at once (a double click, two people), one answers and the other is told.
 */
export async function answerWhy(deps: AppDeps, requester: Requester & { channelId: string }, ref: BuildRef, cardTs: string | undefined): Promise<void> {
  const { teamId, channelId, client } = requester;
  const known = await deps.store.getDiagnosis(teamId, channelId, ref.pipeline, ref.build);
  if (known) return requester.reply(alreadyAnswered(ref, await messageLink(client, channelId, known.messageTs), known.askedBy));
  const key = claimKeys.diagnosis(teamId, channelId, ref.pipeline, ref.build);
  if (!(await deps.store.claim(key, ANSWERING_MS))) return requester.reply(beingAnswered(ref));
  let answered = false;
  try {
    await runAsUser(requester, deps, async () => {
      const bk = deps.buildkite(requester);
      try {
        const { logs } = await deps.store.getChannelSettings(teamId, channelId);
        const evidence = await gatherEvidence(bk, ref, logs);
        if (evidence.build.state !== 'failed' && evidence.build.state !== 'failing') return requester.reply(notFailed(ref, evidence.build.state));
        const message = diagnosisMessage({ ref, evidence, verdicts: decide(evidence), askedBy: requester.userId, logsOff: !logs });
        const threadTs = cardTs ?? (await deps.store.getBuildCard(evidence.build.id, channelId))?.ts;
        const ts = threadTs ? await replyInThread(client, channelId, threadTs, message) : await postToChannel(client, channelId, message);
        if (!ts) return;
        await deps.store.saveDiagnosis({ teamId, channelId, pipeline: ref.pipeline, build: ref.build, messageTs: ts, ...(threadTs ? { threadTs } : {}), askedBy: requester.userId, answeredAt: deps.now().toISOString() });
        answered = true;
      } catch (error) {
        if (!(await explainNotFound(requester, bk, { pipeline: ref.pipeline, number: ref.build }, error))) throw error;
      }
    });
  } finally {
    // Not answered (refused, not failed, not found): the next ask tries again.
    if (!answered) await deps.store.release(key).catch(() => undefined);
  }
}
