import { currentUser } from '../../buildkite/users.js';
import { usage } from '../../render/usage.js';
import type { AppDeps } from '../../slack/deps.js';
import { runAsUser } from '../../slack/run-as-user.js';
import type { NestedSubcommand, Subcommand } from '../../slack/subcommand.js';
import type { Requester } from '../../slack/requester.js';
import { webhookNeeded } from '../notifications/subscriptions-message.js';
import { personalOff, personalOn, personalState } from './personal-messages.js';
import { PERSONAL_EVENTS, type PersonalEvent, type PersonalSettings, parseNotifyEvents } from './personal-settings.js';
import type { QuietHours } from './quiet.js';
import { lookUpUser } from '../../slack/lookups.js';

/**
 * Turns personal notifications on for a person, as them: their Buildkite user (read now) is what a
 * build's creator is matched with. Returns the saved settings.
 */
export async function turnOnPersonal(deps: AppDeps, requester: Requester, events: PersonalEvent[] | undefined, options: { quiet?: QuietHours | null; digest?: boolean } = {}): Promise<{ settings: PersonalSettings; name: string }> {
  const user = await currentUser(deps.buildkite(requester));
  const existing = await deps.store.personalSettings(requester.teamId, requester.userId);
  // Quiet hours and a snooze outlive turning it on again; `quiet:` sets or (off) clears the hours.
  const quiet = options.quiet === undefined ? quietOf(existing) : options.quiet === null ? {} : { quietHours: options.quiet, ...(await timeZoneOf(requester)) };
  // The morning DM is sent at 09:00 their time: the zone is read again whenever it is turned on.
  const morningDigest = options.digest ?? existing?.morningDigest;
  const zone = options.digest === true && !('timeZone' in quiet && quiet.timeZone) ? await timeZoneOf(requester) : {};
  const settings: PersonalSettings = {
    teamId: requester.teamId,
    userId: requester.userId,
    buildkiteUserId: user.id,
    ...(user.email ? { email: user.email } : {}),
    events: events ?? existing?.events ?? [...PERSONAL_EVENTS],
    createdAt: deps.now().toISOString(),
    ...(existing?.snoozedUntil ? { snoozedUntil: existing.snoozedUntil } : {}),
    ...quiet,
    // The zone is kept while the morning DM needs it (quiet hours keep their own above).
    ...(morningDigest && existing?.timeZone && !('timeZone' in quiet) ? { timeZone: existing.timeZone } : {}),
    ...zone,
    ...(morningDigest ? { morningDigest } : {}),
  };
  await deps.store.savePersonalSettings(settings);
  return { settings, name: user.name };
}

const quietOf = (settings: PersonalSettings | undefined): Pick<PersonalSettings, 'quietHours' | 'timeZone'> =>
  settings?.quietHours ? { quietHours: settings.quietHours, ...(settings.timeZone ? { timeZone: settings.timeZone } : {}) } : {};

/** The person's time zone as Slack's users.info gives it (`tz`); none when Slack will not say (then UTC). */
async function timeZoneOf(requester: Requester): Promise<{ timeZone?: string }> {
  const tz = await lookUpUser(requester.client, requester.userId).then((user) => user?.tz, () => undefined);
  return tz ? { timeZone: tz } : {};
}

const notifyMe: NestedSubcommand = {
  name: 'me',
  usage: 'notify me [on:failed,blocked] [quiet:22-08|off] [digest:on|off]',
  description: 'DM me when a build I created fails or waits on a block step (Retry and Unblock act as me); nothing new in my quiet hours, my time; `digest:on`: a "waiting on you" DM each morning.',
  async run(ctx, deps) {
    const parsed = parseNotifyEvents(ctx.args);
    if (!parsed.ok) return ctx.reply(usage(parsed.problem, this.usage));
    await runAsUser(ctx, deps, async () => {
      const { settings, name } = await turnOnPersonal(deps, ctx, parsed.events, { ...(parsed.quiet !== undefined ? { quiet: parsed.quiet } : {}), ...(parsed.digest !== undefined ? { digest: parsed.digest } : {}) });
      await ctx.reply(personalOn(settings, name));
      if (!deps.receivesBuildChanges) await ctx.reply(webhookNeeded());
    });
  },
};

const notifyOff: NestedSubcommand = {
  name: 'off',
  usage: 'notify off',
  description: 'Stop the DMs about my builds.',
  async run(ctx, deps) {
    await ctx.reply(personalOff(await deps.store.removePersonalSettings(ctx.teamId, ctx.userId)));
  },
};

export const notify: Subcommand = {
  name: 'notify',
  usage: 'notify me [on:failed,blocked] [quiet:22-08] [digest:on] | notify off',
  description: 'Whether you get a DM when a build you created fails or waits on a block step.',
  subcommands: [notifyMe, notifyOff],
  async run(ctx, deps) {
    if (ctx.args.words.length > 0) return ctx.reply(usage(`\`${ctx.args.words[0]}\` is not \`me\` or \`off\`.`, this.usage));
    await ctx.reply(personalState(await deps.store.personalSettings(ctx.teamId, ctx.userId), deps.now()));
  },
};
