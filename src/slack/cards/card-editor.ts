/*
 * Cards: messages the bot keeps current in place (a build card, an incident banner, a queues page, a
 * link preview). One word, "card", in two places:
 * - src/slack/cards/, feature-agnostic (it imports no feature): card-editor.ts (here) serialises the edits
 *   of one card in a session; card-blocks.ts holds the pure edits of a card's blocks (a row's text, the
 *   note line, a block put back); card-action.ts is a mutating click on a card (working → outcome →
 *   thread); card-redraw.ts redraws a whole card within the edit budget and logs a failed redraw.
 * - src/features/builds/build-card*.ts, the build card's own: build-card.ts draws it, build-card-row.ts
 *   its row of actions, build-card-loader.ts reads what it shows, build-card-outcomes.ts the lines its
 *   actions leave, build-card-requested.ts posts one someone asked for, build-card-interrupted.ts redraws
 *   those a restart cut off mid-action.
 */
import type { Block } from '../../render/message.js';

/**
 * In-place updates of one message, applied one after another to its latest version.
 *
 * A click carries the message as its clicker saw it. When several people act on the same card at once
 * (an incident), building each update from that snapshot lets the last writer erase the others'
 * outcome lines. So while any action on a message is under way, its edits are serialised and each
 * applies to the newest version. A click may also arrive just after the last action ended, carrying a
 * card drawn before that action's outcome reached Slack: for a short while after, the recent edits are
 * replayed onto the click's snapshot (they are idempotent: "this row now says…"), so the outcome is not
 * lost and whatever is newer in the snapshot (a Refresh, a notifier redraw) is kept. After that the
 * click's own snapshot is the truth again. Within one process; replicas each keep their own.
 */
interface OpenCard {
  latest: Block[];
  chain: Promise<void>;
  actions: number;
  /** Edits made to this card recently, in order, for a click whose snapshot predates them. */
  recent: { edit: CardEdit; at: number }[];
  /** When the last action on it ended (while none is under way). */
  endedAt?: number;
}

export type CardEdit = (current: Block[]) => Block[];

export interface CardSession {
  /** Applies `edit` to the newest version of the card, then sends it; edits run in call order. */
  edit(edit: CardEdit, send: (blocks: Block[]) => Promise<void>): Promise<void>;
  /** The action is over: its card no longer needs to be kept. */
  end(): void;
}

/** How often an edit lost to Slack's rate limit (after the WebClient's own retries) is sent again. */
const RATE_LIMIT_RESENDS = 3;
const MAX_RESEND_WAIT_MS = 20_000;

/** The WebClient gives up on a 429 with this message once its own retries are spent. */
export function rateLimitDelayMs(error: unknown): number | undefined {
  const text = error instanceof Error ? error.message : String(error);
  const coded = (error as { code?: string; retryAfter?: number }) ?? {};
  if (coded.code === 'slack_webapi_rate_limited_error') return (coded.retryAfter ?? 1) * 1000;
  const match = /rate limit was exceeded.*retry-after: (\d+)/i.exec(text);
  return match ? Number(match[1]) * 1000 : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends the card's newest version; an edit lost to a rate limit is sent again after Slack's delay.
 * Edits are chained, so resends keep their order and the newest state is what Slack shows last.
 */
async function sendNewest(card: OpenCard, send: (blocks: Block[]) => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await send(card.latest);
      return;
    } catch (error) {
      const delay = rateLimitDelayMs(error);
      if (delay === undefined || attempt >= RATE_LIMIT_RESENDS) throw error;
      await sleep(Math.min(delay, MAX_RESEND_WAIT_MS));
    }
  }
}

/** How long after its last action a card's recent edits are replayed onto a newer click's snapshot. */
export const RECENT_EDITS_MS = 30_000;

export class CardEditor {
  private readonly open = new Map<string, OpenCard>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly recentMs: number = RECENT_EDITS_MS,
  ) {}

  begin(messageKey: string, snapshot: Block[]): CardSession {
    this.forgetOld();
    let card = this.open.get(messageKey);
    if (!card || card.actions === 0) {
      // No action under way: the click's snapshot, with the recent edits it may not show yet.
      const recent = card?.recent ?? [];
      card = { latest: recent.reduce((blocks, r) => r.edit(blocks), snapshot), chain: card?.chain ?? Promise.resolve(), actions: 0, recent };
      this.open.set(messageKey, card);
    }
    card.actions += 1;
    delete card.endedAt;
    const entry = card;
    let ended = false;
    return {
      edit: (edit, send) => {
        const run = entry.chain.then(async () => {
          entry.latest = edit(entry.latest);
          entry.recent.push({ edit, at: this.now() });
          await sendNewest(entry, send);
        });
        entry.chain = run.catch(() => undefined);
        return run;
      },
      end: () => {
        if (ended) return;
        ended = true;
        entry.actions -= 1;
        if (entry.actions === 0) entry.endedAt = this.now();
      },
    };
  }

  /** Cards with no action under way and no edit recent enough to replay are let go. */
  private forgetOld(): void {
    const cutoff = this.now() - this.recentMs;
    for (const [key, card] of this.open) {
      card.recent = card.recent.filter((r) => r.at >= cutoff);
      if (card.actions === 0 && (card.endedAt ?? 0) < cutoff) this.open.delete(key);
    }
  }

  /** Messages with an action under way (for tests and diagnostics). */
  get openCards(): number {
    return [...this.open.values()].filter((card) => card.actions > 0).length;
  }
}
