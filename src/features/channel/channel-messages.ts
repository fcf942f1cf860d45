import type { ChannelSettings } from './channel-settings.js';
import { inlineCode } from '../../render/escape.js';
import { type Message, simple } from '../../render/message.js';
import { policyInWords } from '../approvals/approval-policy.js';

export function channelLinked(pipeline: string, userId: string): Message {
  return simple(`:link: <@${userId}> linked this channel to ${inlineCode(pipeline)}: \`/buildkite status\` here now shows its builds.`);
}

export function channelUnlinked(previous: string | undefined, userId?: string): Message {
  return simple(previous ? `:broken_chain: ${userId ? `<@${userId}> unlinked this channel from ${inlineCode(previous)}` : `This channel is no longer linked to ${inlineCode(previous)}`}.` : 'This channel was not linked to a pipeline.');
}

/** Refused: the person cannot read the pipeline the change is about, so they may not change it here. */
export function channelChangeRefused(pipeline: string, what: string): Message {
  return simple(`:no_entry: You can't see ${inlineCode(pipeline)} in Buildkite, so you can't change ${what}. Someone who can see it may.`);
}

export function channelSettingsMessage(settings: ChannelSettings, changedBy?: string): Message {
  const logs = settings.logs ? 'on: build cards show failed jobs\' last log lines' : 'off: build cards show no log lines; *Logs* on a card still shows them privately to whoever clicks';
  const who = changedBy ? `<@${changedBy}> changed this channel's settings. ` : '';
  const threads =
    settings.threads === false
      ? 'off: every notified build gets its own card in the channel'
      : 'on: a red streak on the default branch is one card; later builds, actions and the fix go in its thread';
  return simple(
    `:gear: ${who}Log lines ${logs}.\nThreads ${threads}.\nChange with ${inlineCode('/buildkite settings logs:on')} or ${inlineCode('/buildkite settings logs:off')}, ${inlineCode('threads:on')} or ${inlineCode('threads:off')}.\n${policyInWords(settings.approvals)}`,
  );
}
