import type { BuildkiteClient } from '../buildkite/client.js';
import { getPipeline } from '../buildkite/pipelines.js';
import type { Message } from '../render/message.js';
import { NotFound } from '../scalekit/errors.js';
import type { AppDeps } from './deps.js';
import type { Requester } from './requester.js';
import { runAsUser } from './run-as-user.js';

/** What can be changed about the bot in a channel; each is the `tool` of its audit entry. */
export type ChannelChangeKind = 'channel_link' | 'channel_unlink' | 'channel_settings' | 'subscribe' | 'unsubscribe' | 'mute' | 'unmute' | 'digest' | 'digest_off';

export interface ChannelChange {
  kind: ChannelChangeKind;
  /** The pipeline the change is about: the person must be able to read it in Buildkite. */
  pipeline?: string;
  /** Further pipelines the person must be able to read (turning log lines on shows every subscribed pipeline's). */
  alsoReadable?: string[];
  /** What was set, for the audit log (no secrets here: slugs and settings). */
  details?: Record<string, unknown>;
  /**
   * When the pipeline cannot be read (deleted, or not theirs): whether this person may still make the
   * change, e.g. a subscriber removing their own subscription to a pipeline that is gone.
   */
  allowWithoutPipeline?: boolean;
  /** What the person is told when they may not make it. */
  refused(pipeline: string): Message;
}

/**
 * A change to what the bot does in a channel (its linked pipeline, its settings, its subscriptions).
 * Anyone in a channel can type a command, so the change is made only by a connected person (the link
 * by DM otherwise) who can read the pipeline concerned, recorded in the audit log like a change in
 * Buildkite, and said in the channel by `apply`'s caller. Returns whether it was applied.
 */
export async function changeChannel(requester: Requester, deps: AppDeps, change: ChannelChange, apply: (buildkite: BuildkiteClient) => Promise<void>): Promise<boolean> {
  let applied = false;
  await runAsUser(requester, deps, async () => {
    const buildkite = deps.buildkite(requester);
    // Connected, or the link flow starts here (NotConnected is explained by runAsUser).
    const org = await buildkite.orgSlug();
    if (change.pipeline && !(await canRead(buildkite, change.pipeline)) && !change.allowWithoutPipeline) return requester.reply(change.refused(change.pipeline));
    for (const other of new Set(change.alsoReadable ?? [])) {
      if (!(await canRead(buildkite, other))) return requester.reply(change.refused(other));
    }
    const id = await deps.store.auditStarted({
      teamId: requester.teamId,
      userId: requester.userId,
      ...(requester.channelId ? { channelId: requester.channelId } : {}),
      tool: change.kind,
      input: { org_slug: org, ...(change.pipeline ? { pipeline_slug: change.pipeline } : {}), ...change.details },
      at: deps.now(),
    });
    try {
      await apply(buildkite);
    } catch (error) {
      await deps.store.auditFinished(id, { outcome: 'failed', reason: error instanceof Error ? error.message : String(error), at: deps.now() }).catch(() => undefined);
      throw error;
    }
    await deps.store.auditFinished(id, { outcome: 'succeeded', at: deps.now() });
    applied = true;
  });
  return applied;
}

async function canRead(buildkite: BuildkiteClient, pipeline: string): Promise<boolean> {
  try {
    await getPipeline(buildkite, pipeline);
    return true;
  } catch (error) {
    if (error instanceof NotFound) return false;
    throw error;
  }
}
