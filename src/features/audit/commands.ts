import { auditMessage } from './audit-message.js';
import { usage } from '../../render/usage.js';
import type { Subcommand } from '../../slack/subcommand.js';

const AUDIT_DEFAULT = 10;
const AUDIT_MAX = 50;

export const audit: Subcommand = {
  name: 'audit',
  usage: 'audit [N]',
  description: `The latest actions (${AUDIT_DEFAULT} by default, up to ${AUDIT_MAX}) performed from this channel: who, what, and how it ended.`,
  async run(ctx, deps) {
    const [raw, ...extra] = ctx.args.words;
    const limit = raw === undefined ? AUDIT_DEFAULT : Number(raw);
    if (extra.length > 0 || !Number.isInteger(limit) || limit < 1 || limit > AUDIT_MAX) {
      return ctx.reply(usage(`N is a number from 1 to ${AUDIT_MAX}.`, this.usage));
    }
    const entries = await deps.store.latestAudit(ctx.teamId, ctx.channelId, limit);
    await ctx.reply(auditMessage(entries, limit));
  },
};
