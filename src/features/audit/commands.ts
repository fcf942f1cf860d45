import { auditMessage, AUDIT_KINDS } from './audit-message.js';
import { usage } from '../../render/usage.js';
import { runAsUser } from '../../slack/run-as-user.js';
import type { Subcommand } from '../../slack/subcommand.js';
import { readAuditNames, usersNamed } from './audit-names.js';

const AUDIT_DEFAULT = 10;
const AUDIT_MAX = 50;
/** Filters look this far back in the channel's history. */
const AUDIT_SCAN = 500;

export const audit: Subcommand = {
  name: 'audit',
  usage: `audit [N] [user:@name] [${Object.keys(AUDIT_KINDS).join('|')}]`,
  description: `The latest actions (${AUDIT_DEFAULT} by default, up to ${AUDIT_MAX}) performed from this channel: who did what, and how it ended.`,
  async run(ctx, deps) {
    const numbers = ctx.args.words.filter((w) => /^\d+$/.test(w));
    const kinds = ctx.args.words.filter((w) => !/^\d+$/.test(w)).map((w) => w.toLowerCase());
    const unknownKind = kinds.find((k) => !AUDIT_KINDS[k]);
    const unknownOption = Object.keys(ctx.args.options).find((k) => k !== 'user');
    const limit = numbers[0] === undefined ? AUDIT_DEFAULT : Number(numbers[0]);
    if (numbers.length > 1 || unknownKind || unknownOption || !Number.isInteger(limit) || limit < 1 || limit > AUDIT_MAX) {
      const problem = unknownKind ? `\`${unknownKind}\` is not a kind of action.` : unknownOption ? `Unknown option \`${unknownOption}:\`.` : `N is a number from 1 to ${AUDIT_MAX}.`;
      return ctx.reply(usage(problem, this.usage));
    }
    const filtered = kinds.length > 0 || ctx.args.options.user !== undefined;
    let entries = await deps.store.latestAudit(ctx.teamId, ctx.channelId, filtered ? AUDIT_SCAN : limit);
    if (kinds.length > 0) {
      const tools = new Set(kinds.flatMap((k) => AUDIT_KINDS[k] ?? []));
      entries = entries.filter((e) => tools.has(e.tool));
    }
    const user = ctx.args.options.user;
    if (user !== undefined) {
      const ids = await usersNamed(ctx.client, entries.map((e) => e.userId), user);
      entries = entries.filter((e) => ids.has(e.userId));
    }
    entries = entries.slice(0, limit);
    await runAsUser(ctx, deps, async () => {
      // Names are read as the reader: what they cannot see in Buildkite stays an id.
      const names = await readAuditNames(deps.buildkite(ctx), entries);
      await ctx.reply(auditMessage(entries, limit, names, filtered));
    });
  },
};
