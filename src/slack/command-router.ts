import type { App } from '@slack/bolt';
import { didYouMean, help } from '../render/help-message.js';
import { parseArgs } from './command-args.js';
import type { AppDeps } from './deps.js';
import { isFirstDelivery } from './replay.js';
import { respondingRequester } from './requester.js';
import { typoDistance } from './edit-distance.js';
import { explainFailure } from './explain-failure.js';
import type { CommandContext, NestedSubcommand, Subcommand } from './subcommand.js';

function named<S extends Subcommand>(subcommands: S[], name: string): S | undefined {
  const lower = name.toLowerCase();
  return subcommands.find((s) => s.name === lower || s.aliases?.includes(lower));
}

/**
 * The subcommand the words name, descending into nested ones (`build new`, `incident pause`); the
 * words it consumed are taken off `words`.
 */
function resolveSubcommand(subcommands: Subcommand[], words: string[]): Subcommand | undefined {
  const [name = 'help'] = words;
  let found: Subcommand | undefined = named(subcommands, name);
  if (!found) return subcommands.find((s) => s.takesUnnamed?.(words));
  words.shift();
  for (;;) {
    const [next] = words;
    const child: NestedSubcommand | undefined = next === undefined ? undefined : named(found.subcommands ?? [], next);
    if (!child || child.accepts?.(words.slice(1)) === false) return found;
    words.shift();
    found = child;
  }
}

/** The top-level subcommand a mistyped word most likely meant (`stauts` → `status`, `buidl` → `build`), within two edits (a swap of neighbours is one). */
export function nearestSubcommand(subcommands: Subcommand[], typed: string): Subcommand | undefined {
  const word = typed.toLowerCase();
  if (word.length < 3 || /[/:]/.test(word)) return undefined;
  let best: { subcommand: Subcommand; distance: number } | undefined;
  for (const subcommand of subcommands) {
    for (const name of [subcommand.name, ...(subcommand.aliases ?? [])]) {
      const d = typoDistance(word, name);
      if (d <= Math.min(2, Math.floor(name.length / 3)) && (!best || d < best.distance)) best = { subcommand, distance: d };
    }
  }
  return best?.subcommand;
}

/** Every subcommand with its nested ones after it, in help order. */
export const allSubcommands = (subcommands: Subcommand[]): Subcommand[] => subcommands.flatMap((s) => [s, ...allSubcommands(s.subcommands ?? [])]);

/**
 * A parent whose usage only names its nested subcommands (`incident pause|resume`, `notify me … | notify
 * off`) says again what their own lines say: help lists the nested ones alone.
 */
function onlyNamesItsChildren(s: Subcommand): boolean {
  const children = (s.subcommands ?? []).map((c) => c.name);
  if (children.length === 0) return false;
  const alternatives = s.usage.split('|').map((a) => a.trim().replace(new RegExp(`^${s.name}\\s+`), ''));
  return alternatives.every((a) => children.includes(a.split(/\s/)[0] ?? ''));
}

/** The subcommands help lists, each once: nested ones after their parent, a parent that only names them left out. */
export const helpSubcommands = (subcommands: Subcommand[]): Subcommand[] => allSubcommands(subcommands).filter((s) => !onlyNamesItsChildren(s));

/** `/buildkite <subcommand> …`: one routing table, built from the features' subcommands. */
export function registerCommands(app: App, deps: AppDeps, subcommands: Subcommand[]): void {
  app.command('/buildkite', async ({ command, ack, respond, client }) => {
    // Ack first: Slack gives three seconds, and everything below may wait on the network.
    await ack();
    // A replayed request (the same command, byte for byte, within the signature window) does nothing.
    // (Slack always sends a trigger_id; a body without one cannot be told from another, so it is not keyed.)
    if (command.trigger_id && !(await isFirstDelivery(deps.store, 'command', command.team_id, command.user_id, command.trigger_id))) return;
    const args = parseArgs(command.text ?? '');
    const typed = args.words[0] ?? 'help';
    const ctx: CommandContext = {
      ...respondingRequester({ userId: command.user_id, teamId: command.team_id, channelId: command.channel_id, client }, respond),
      userName: command.user_name,
      channelId: command.channel_id,
      triggerId: command.trigger_id,
      args,
      respond,
    };
    try {
      const subcommand = resolveSubcommand(subcommands, args.words);
      if (!subcommand) {
        const near = nearestSubcommand(subcommands, typed);
        return await ctx.reply(near ? didYouMean(typed, near.name, near.usage) : help(helpSubcommands(subcommands), typed));
      }
      await subcommand.run(ctx, deps);
    } catch (error) {
      await explainFailure(ctx, deps, error);
    }
  });
}
