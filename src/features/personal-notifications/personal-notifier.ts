import type { WebClient } from '@slack/web-api';
import { buildVersion, lastChangedAt } from '../../buildkite/build-version.js';
import { type Build, getBuild } from '../../buildkite/builds.js';
import { NotConnected } from '../../scalekit/errors.js';
import type { AppDeps } from '../../slack/deps.js';
import { offerConnectionUnasked } from '../../slack/link-flow.js';
import { openDirectMessage, postToChannel } from '../../slack/reply.js';
import { drawBuildCard } from '../builds/build-card-loader.js';
import { type BuildChange, eventOf } from '../notifications/build-change.js';
import { personalNote } from './personal-messages.js';
import type { PersonalEvent, PersonalSettings } from './personal-settings.js';

/** Long enough for a burst of deliveries of one build; the card record is what lasts. */
const FIRST_POST_CLAIM_MS = 10 * 60_000;
const PAUSE_NOTICE_MS = 7 * 24 * 60 * 60_000;

/**
 * A build changed: whoever created it and asked to hear about their builds gets its card by DM, once,
 * read as them (it stays current as a tracked card, like a channel's). The change's creator is only a
 * hint: the build read as the person must say they created it.
 */
export async function notifyCreator(deps: AppDeps, client: WebClient, change: BuildChange): Promise<void> {
  const people = await peopleFor(deps, change);
  await Promise.all(
    people.map((settings) =>
      notifyPerson(deps, client, settings, change).catch(async (error: unknown) => {
        if (error instanceof NotConnected) return pause(deps, client, settings);
        deps.logger.warn(`notifying ${settings.userId} of ${change.pipeline} #${change.number} failed: ${error instanceof Error ? error.message : String(error)}`);
      }),
    ),
  );
}

/** By Buildkite user id (remembered when they turned it on), else by e-mail. */
async function peopleFor(deps: AppDeps, change: BuildChange): Promise<PersonalSettings[]> {
  const { id, email } = change.creator ?? {};
  if (id) {
    const found = await deps.store.personalSettingsFor(id);
    if (found.length > 0) return found;
  }
  if (!email) return [];
  return (await deps.store.allPersonalSettings()).filter((s) => s.email?.toLowerCase() === email.toLowerCase());
}

const createdBy = (build: Build, settings: PersonalSettings): boolean =>
  build.creator?.id === settings.buildkiteUserId || (settings.email !== undefined && build.creator?.email?.toLowerCase() === settings.email.toLowerCase());

async function notifyPerson(deps: AppDeps, client: WebClient, settings: PersonalSettings, change: BuildChange): Promise<void> {
  const buildkite = deps.buildkite({ userId: settings.userId, teamId: settings.teamId });
  if ((await buildkite.orgSlug()) !== change.org) return;
  const build = await getBuild(buildkite, change.pipeline, change.number);
  if (settings.pausedAt) await resume(deps, settings);
  if (build.id !== change.buildId || !createdBy(build, settings)) return;
  const event = eventOf(build);
  if ((event !== 'failed' && event !== 'blocked') || !settings.events.includes(event)) return;
  // A polled build that last changed before they turned this on is history, not news.
  if (change.source === 'poll' && lastChangedAt(build) < Date.parse(settings.createdAt)) return;
  const dm = await openDirectMessage(client, settings.userId);
  // Posted once: after that the card is a tracked one, redrawn by the notifier as the build moves on.
  if (await deps.store.getBuildCard(build.id, dm)) return;
  if (!(await deps.store.claim(`notify-card|${build.id}|${dm}`, FIRST_POST_CLAIM_MS))) return;
  let ts: string | undefined;
  try {
    const card = await drawBuildCard(buildkite, build, change.pipeline, deps.now(), personalNote(event as PersonalEvent));
    ts = await deps.posts.post(dm, () => postToChannel(client, dm, card));
  } catch (error) {
    await deps.store.release(`notify-card|${build.id}|${dm}`).catch(() => undefined);
    throw error;
  }
  if (ts) await deps.store.saveBuildCard({ buildId: build.id, teamId: settings.teamId, channelId: dm, ts, readAs: settings.userId, rank: buildVersion(build) });
}

/** Their connection is gone: noted once, and their link goes to them by DM; it goes on once they reconnect. */
async function pause(deps: AppDeps, client: WebClient, settings: PersonalSettings): Promise<void> {
  if (settings.pausedAt || !(await deps.store.claim(`personal-paused|${settings.teamId}|${settings.userId}|${settings.createdAt}`, PAUSE_NOTICE_MS))) return;
  await deps.store.savePersonalSettings({ ...settings, pausedAt: deps.now().toISOString() });
  await offerConnectionUnasked({ userId: settings.userId, teamId: settings.teamId, client, reply: async () => undefined }, deps).catch((error: unknown) =>
    deps.logger.warn(`could not send ${settings.userId} a link: ${error instanceof Error ? error.message : String(error)}`),
  );
}

async function resume(deps: AppDeps, settings: PersonalSettings): Promise<void> {
  const { pausedAt: _pausedAt, ...resumed } = settings;
  await deps.store.savePersonalSettings(resumed);
  await deps.store.release(`personal-paused|${settings.teamId}|${settings.userId}|${settings.createdAt}`);
}
