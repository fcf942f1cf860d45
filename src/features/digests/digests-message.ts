import { escapeMrkdwn } from '../../render/escape.js';
import { type Message, simple } from '../../render/message.js';
import { slackTime } from '../../render/time.js';
import type { DigestRecord } from '../../store/digests.js';
import { scopeWords } from './digest-message.js';
import { nextPosting } from './digest-period.js';

// What the digest commands say: set up, turned off, listed, refused.

const when = (d: Pick<DigestRecord, 'cadence' | 'at' | 'timeZone'>) => `${d.cadence === 'weekly' ? 'every Monday' : 'every day'} at ${d.at} (${escapeMrkdwn(d.timeZone)})`;

function describe(d: DigestRecord, now: Date): string {
  const paused = d.pausedAt ? ' · :double_vertical_bar: paused (the person who set it up is not connected)' : ` · next ${slackTime(nextPosting(d, now))}`;
  return `• ${d.cadence === 'weekly' ? 'Weekly' : 'Daily'} digest of ${scopeWords(d.scope)} ${when(d)}, read as <@${d.setUpBy}>${paused}`;
}

/** Said in the channel: who set up which digest, and when it comes. */
export function digestSetUp(d: DigestRecord, replaced: boolean, now: Date): Message {
  return simple(`<@${d.setUpBy}> ${replaced ? 'changed' : 'set up'} this channel's ${d.cadence} digest of ${scopeWords(d.scope)}: ${when(d)}, read with their Buildkite access. The first one comes ${slackTime(nextPosting(d, now))}.`);
}

export function digestTurnedOff(scope: string, userId: string): Message {
  return simple(`<@${userId}> turned off this channel's digest of ${scopeWords(scope)}.`);
}

export function noDigest(scope: string): Message {
  return simple(`This channel has no digest of ${scopeWords(scope)}. \`/buildkite digests\` lists its digests.`);
}

export function channelDigests(digests: DigestRecord[], now: Date): Message {
  if (digests.length === 0) return simple('This channel has no digests. `/buildkite digest <pipeline|all> daily|weekly` sets one up.');
  return simple(`*Digests in this channel*\n${digests.map((d) => describe(d, now)).join('\n')}`);
}

export function privatePipelineRefused(pipeline: string): Message {
  return simple(`:lock: ${scopeWords(pipeline)} is private in Buildkite, and everyone in this public channel would see its digest. Post it in a private channel instead; \`/buildkite digest all\` here shows only public pipelines.`);
}

export function digestRefused(pipeline: string): Message {
  return simple(`You can't set up or change a digest of ${scopeWords(pipeline)}: you can't read that pipeline in Buildkite.`);
}

/** Said in the channel when the person it is read as lost access: nothing more until they reconnect. */
export function digestPaused(d: DigestRecord): Message {
  return simple(`:double_vertical_bar: This channel's ${d.cadence} digest of ${scopeWords(d.scope)} is paused: <@${d.setUpBy}>'s Buildkite access is gone. It goes on when they reconnect.`);
}

export function digestResumed(d: DigestRecord): Message {
  return simple(`:arrow_forward: This channel's ${d.cadence} digest of ${scopeWords(d.scope)} goes on: <@${d.setUpBy}> is connected again.`);
}

/** Said privately while `digest now` reads. */
export function digestReading(scope: string, cadence: 'daily' | 'weekly'): Message {
  return simple(`Reading the last ${cadence === 'weekly' ? 'week' : 'day'} of ${scopeWords(scope)} with your Buildkite access; the digest is posted here when it is ready.`);
}
