import type { WebClient } from '@slack/web-api';
import { lastChangedAt } from '../../buildkite/build-version.js';
import { type Build, getBuild } from '../../buildkite/builds.js';
import { NotConnected } from '../../scalekit/errors.js';
import type { AppDeps } from '../../slack/deps.js';
import { pauseForLostAccess, resumeAfterLostAccess } from '../../slack/lost-access.js';
import { claimKeys } from '../../store/claim-keys.js';
import type { SharedRead } from '../../build-changes/stream.js';
import type { FeatureContext } from '../feature.js';
import { postCardOnce } from '../builds/build-card-tracked.js';
import { openDirectMessage } from '../../slack/reply.js';
import { drawBuildCard } from '../builds/build-card-loader.js';
import type { BuildChange } from '../../build-changes/build-change.js';
import { eventOf } from '../notifications/subscription.js';
import { personalNote } from './personal-messages.js';
import { holdsDms } from './quiet.js';
import type { PersonalEvent, PersonalSettings } from './personal-settings.js';

/**
 * A build changed: whoever created it and asked to hear about their builds gets its card by DM, once,
 * read as them (it stays current as a tracked card, like a channel's). The change's creator is only a
 * hint: the build read as the person must say they created it. A delivery that names no creator (token
 * mode) learns it from the build as a channel's subscriber read it, if one did (build-changes/stream.ts).
 */
export async function notifyCreator(hint: BuildChange, { deps, client }: FeatureContext, shared: SharedRead): Promise<void> {
  const creator = hint.creator ?? creatorOf(await shared.wait());
  if (!creator) return;
  const change = { ...hint, creator };
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

function creatorOf(build: Build | undefined): BuildChange['creator'] {
  const { id, email } = build?.creator ?? {};
  return id || email ? { ...(id ? { id } : {}), ...(email ? { email } : {}) } : undefined;
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
  // Snoozed or in their quiet hours: nothing new, then or later (quiet.ts); a card already sent stays current.
  if (holdsDms(settings, deps.now())) return;
  const dm = await openDirectMessage(client, settings.userId);
  // Posted once: after that the card is a tracked one, redrawn by the builds room as the build moves on.
  if (await deps.store.getBuildCard(build.id, dm)) return;
  await postCardOnce(deps, client, { teamId: settings.teamId, channelId: dm, readAs: settings.userId }, build, () =>
    drawBuildCard(buildkite, build, change.pipeline, deps.now(), personalNote(event as PersonalEvent)),
  );
}

/** Their connection is gone: noted once, and their link goes to them by DM; it goes on once they reconnect. */
function pause(deps: AppDeps, client: WebClient, settings: PersonalSettings): Promise<void> {
  return pauseForLostAccess(deps, client, {
    pausedAt: settings.pausedAt,
    noticeKey: claimKeys.personalPaused(settings.teamId, settings.userId, settings.createdAt),
    owner: { userId: settings.userId, teamId: settings.teamId },
    save: (pausedAt) => deps.store.savePersonalSettings({ ...settings, pausedAt }),
  });
}

function resume(deps: AppDeps, settings: PersonalSettings): Promise<void> {
  const { pausedAt: _pausedAt, ...resumed } = settings;
  return resumeAfterLostAccess(deps, {
    noticeKey: claimKeys.personalPaused(settings.teamId, settings.userId, settings.createdAt),
    save: () => deps.store.savePersonalSettings(resumed),
  });
}
