import { usage } from '../../render/usage.js';
import type { Subcommand } from '../../slack/subcommand.js';
import { parseMinutes } from '../notifications/duration.js';
import { nothingToSnooze, snoozedMessage, snoozeOff } from './personal-messages.js';
import { isSnoozed } from './quiet.js';

/** Without `for:`, a snooze lasts an hour. */
const DEFAULT_SNOOZE_MINUTES = 60;

export const snooze: Subcommand = {
  name: 'snooze',
  usage: 'snooze [for:1h] | snooze off',
  description: 'No new DMs about your builds for a while (an hour unless `for:` says); cards you have stay current.',
  async run(ctx, deps) {
    const { words, options } = ctx.args;
    const off = words.length === 1 && words[0]!.toLowerCase() === 'off';
    const unknown = Object.keys(options).find((k) => k !== 'for');
    if ((words.length > 0 && !off) || unknown || (off && options.for !== undefined)) return ctx.reply(usage(unknown ? `Unknown option \`${unknown}:\`.` : `I did not understand \`${words.join(' ')}\`.`, this.usage));
    const minutes = options.for === undefined ? DEFAULT_SNOOZE_MINUTES : parseMinutes(options.for);
    if (minutes === undefined) return ctx.reply(usage('`for:` takes a time such as `30m`, `2h` or `1d`.', this.usage));
    const settings = await deps.store.personalSettings(ctx.teamId, ctx.userId);
    if (!settings) return ctx.reply(nothingToSnooze());
    const now = deps.now();
    if (off) {
      const { snoozedUntil: _until, ...awake } = settings;
      await deps.store.savePersonalSettings(awake);
      return ctx.reply(snoozeOff(isSnoozed(settings, now)));
    }
    const until = new Date(now.getTime() + minutes * 60_000);
    await deps.store.savePersonalSettings({ ...settings, snoozedUntil: until.toISOString() });
    await ctx.reply(snoozedMessage(until));
  },
};
