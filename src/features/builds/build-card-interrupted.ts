import type { WebClient } from '@slack/web-api';
import { interruptedNote } from './build-card-outcomes.js';
import type { AuditEntry } from '../../store/audit-log.js';
import { loadBuildCard } from './build-card-loader.js';
import type { AppDeps } from '../../slack/deps.js';
import { claimKeys } from '../../store/claim-keys.js';
import type { FeatureContext } from '../feature.js';
import { logRedrawFailure, redrawCard } from '../../slack/cards/card-redraw.js';

/** How far back a restart looks for actions it cut off. */
const LOOK_BACK_MS = 24 * 60 * 60_000;
/** A restored card is restored once, across restarts and replicas. */
const RESTORED_TTL_MS = 2 * LOOK_BACK_MS;

/**
 * A crash mid-action leaves the card showing "⏳ Retrying…" without its button, and the audit entry
 * `started`. After a restart such cards are drawn again from Buildkite's state, as the person who
 * clicked, with a note that the bot restarted. Only entries older than any call still in flight
 * (`settledAfterMs`: the tool timeout and a margin) are taken, so another replica's action under way
 * is never touched; the audit entry stays `started`, which is the truth.
 */
export async function restoreInterruptedCards(deps: AppDeps, client: WebClient, settledAfterMs: number): Promise<number> {
  const now = deps.now();
  const entries = await deps.store.unfinishedAudit(new Date(now.getTime() - LOOK_BACK_MS), new Date(now.getTime() - settledAfterMs));
  let restored = 0;
  for (const entry of entries) {
    const card = cardOf(entry);
    if (!card) continue;
    if (!(await deps.store.claim(claimKeys.restoredCard(entry.id), RESTORED_TTL_MS))) continue;
    try {
      const { logs } = await deps.store.getChannelSettings(entry.teamId, card.channel);
      const message = await loadBuildCard(deps.buildkite({ userId: entry.userId, teamId: entry.teamId }), card.pipeline, card.number, deps.now(), interruptedNote(entry.userId, entry.tool), { logs });
      if (await redrawCard(deps, client, { channelId: card.channel, ts: card.ts }, message, { what: `the card of an interrupted ${entry.tool}` })) restored++;
    } catch (error) {
      logRedrawFailure(deps.logger, `the card of an interrupted ${entry.tool}`, error);
    }
  }
  if (restored > 0) deps.logger.info(`restored ${restored} card(s) left mid-action by a restart`);
  return restored;
}

/** The build card an audited action was clicked on, when it was one. */
function cardOf(entry: AuditEntry): { channel: string; ts: string; pipeline: string; number: number } | undefined {
  const pipeline = entry.input.pipeline_slug;
  const number = Number(entry.input.build_number);
  if (!entry.channelId || !entry.messageTs || typeof pipeline !== 'string' || !Number.isInteger(number) || number <= 0) return undefined;
  return { channel: entry.channelId, ts: entry.messageTs, pipeline, number };
}

/**
 * The builds room's start-up work: cards a crash left mid-action are drawn again now, and once more when
 * no call of the stopped process can still be in flight anywhere (the tool timeout and a margin).
 */
export async function restoreAfterRestart({ config, deps, client, stopping }: FeatureContext): Promise<void> {
  const settledAfterMs = config.scalekit.toolTimeoutMs + 5_000;
  const restore = () => restoreInterruptedCards(deps, client, settledAfterMs).catch((error: Error) => deps.logger.warn(`restoring interrupted cards failed: ${error.message}`));
  const later = setTimeout(() => void restore(), settledAfterMs).unref();
  stopping.addEventListener('abort', () => clearTimeout(later), { once: true });
  await restore();
}
