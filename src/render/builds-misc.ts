import { escapeMrkdwn, inlineCode } from './escape.js';
import type { ChannelSettings } from '../store/store.js';
import { type Message, simple } from './message.js';

export function usage(problem: string, usageLine: string): Message {
  return simple(`:information_source: ${escapeMrkdwn(problem)}\nUsage: ${inlineCode(`/buildkite ${usageLine}`)}`);
}

export function unknownPipeline(slug: string, org: string, suggestion: string | undefined): Message {
  const hint = suggestion ? ` Did you mean ${inlineCode(suggestion)}?` : '';
  return simple(`:mag: No pipeline ${inlineCode(slug)} in ${inlineCode(org)}.${hint}`);
}

export function unknownBuild(slug: string, number: number): Message {
  return simple(`:mag: No build #${number} in pipeline ${inlineCode(slug)}.`);
}

export function channelLinked(pipeline: string, userId: string): Message {
  return simple(`:link: <@${userId}> linked this channel to ${inlineCode(pipeline)}: \`/buildkite status\` here now shows its builds.`);
}

export function channelUnlinked(previous: string | undefined): Message {
  return simple(previous ? `:broken_chain: This channel is no longer linked to ${inlineCode(previous)}.` : 'This channel was not linked to a pipeline.');
}

export function channelSettingsMessage(settings: ChannelSettings, changedBy?: string): Message {
  const logs = settings.logs ? 'on: build cards show failed jobs\' last log lines' : 'off: build cards show no log lines; *Logs* on a card still shows them privately to whoever clicks';
  const who = changedBy ? `<@${changedBy}> changed this channel's settings. ` : '';
  return simple(`:gear: ${who}Log lines ${logs}.\nChange with ${inlineCode('/buildkite settings logs:on')} or ${inlineCode('/buildkite settings logs:off')}.`);
}

export function wrongOrg(org: string, yours: string): Message {
  return simple(`:warning: That build is in ${inlineCode(org)}, but your Buildkite connection is for ${inlineCode(yours)}.`);
}
