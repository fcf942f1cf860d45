import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SLACK_REQUEST_KINDS, type SlackRequestKind } from '../slack/request-kind.js';

/**
 * Every metric the bot exposes, with its name, help and labels, and one method per thing measured.
 * One Registry per bot (never prom-client's global one): tests run many bots in one process. Labels
 * are bounded sets only (kinds, outcomes, tool and Slack method names, Buildkite event names): never a
 * user, a channel or a URL.
 */

const PREFIX = 'buildkite_bot_';

export type { SlackRequestKind };
/** handled: its listeners finished; declined: acked and asked to try again (load shedding); error: a listener threw. */
export type SlackRequestOutcome = 'handled' | 'declined' | 'error';
const SLACK_REQUEST_OUTCOMES: SlackRequestOutcome[] = ['handled', 'declined', 'error'];
/** Whose rate limit a tool call met (scalekit/errors.ts's Limiter). */
export type RateLimiter = 'buildkite' | 'scalekit';
/**
 * accepted: a build change queued; dropped: verified and new, but the background queue refused it (full,
 * or stopping); refused_body: its body refused while being read (too large, too many at once, too slow).
 */
export type WebhookOutcome = 'accepted' | 'dropped' | 'duplicate' | 'ignored' | 'refused' | 'refused_body' | 'unreadable' | 'failed';
/** Which periodic work a round is (each PeriodicPoll's). */
export type PollKind = 'subscriptions' | 'personal' | 'digests' | 'morning_dm' | 'approval_reminders';
const POLL_KINDS: PollKind[] = ['subscriptions', 'personal', 'digests', 'morning_dm', 'approval_reminders'];
/** ok: the round ran; skipped: another replica holds its lease; failed: it threw. */
export type PollOutcome = 'ok' | 'skipped' | 'failed';
const POLL_OUTCOMES: PollOutcome[] = ['ok', 'skipped', 'failed'];
/**
 * redraw: a whole card redrawn within the edit budget; click: a click's progress or outcome in place;
 * refresh: Refresh's fresh card; unblocked: the card redrawn once its block step is unblocked;
 * streak_taken: a red streak's card naming who took it; queue_page: a queues list paged or redrawn
 * after a pause; incident_banner: an incident's banner once resumed.
 */
export type CardEditSource = 'redraw' | 'click' | 'refresh' | 'unblocked' | 'streak_taken' | 'queue_page' | 'incident_banner';

/**
 * Seconds, from 5 ms to 10 s: Slack gives up on an ack after 3 s, so 2, 3 and 5 are bucket bounds and
 * "over 3 s" is one subtraction.
 */
export const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];
/** A tool call waits on Scalekit and Buildkite: tens of milliseconds to the tool timeout (15 s by default). */
export const TOOL_CALL_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 15, 30];

export interface MetricsOptions {
  /**
   * Process metrics (event-loop lag, heap, GC, file descriptors): only where they are scraped, since
   * their collectors (a GC observer, an event-loop histogram) cannot be stopped once started.
   */
  processDefaults?: boolean;
}

export class Metrics {
  readonly registry = new Registry();
  private sampleInFlight: () => number = () => 0;
  private sampleEditsWaiting: () => number = () => 0;

  private readonly slackRequests: Counter<'kind' | 'outcome'>;
  private readonly slackAcks: Histogram<'kind'>;
  private readonly slackUnackedRequests: Counter<'kind'>;
  private readonly slackRetries: Counter<'kind'>;
  private readonly slackBodiesRefused: Counter<'status'>;
  private readonly toolCalls: Counter<'tool' | 'outcome'>;
  private readonly toolCallSeconds: Histogram<'tool'>;
  private readonly buildkiteRateLimits: Counter<'tool' | 'limiter'>;
  private readonly slackRateLimits: Counter<'method'>;
  private readonly webhookDeliveries: Counter<'event' | 'outcome'>;
  private readonly cardsPosted: Counter;
  private readonly cardsEdited: Counter<'source'>;
  private readonly pollRounds: Counter<'kind' | 'outcome'>;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    if (options.processDefaults) collectDefaultMetrics({ register: this.registry });
    this.slackRequests = new Counter({
      name: `${PREFIX}slack_requests_total`,
      help: 'Slack requests (commands, clicks, form submissions, events…) by kind and outcome: handled (listeners done), declined under load, or error.',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.slackAcks = new Histogram({
      name: `${PREFIX}slack_ack_seconds`,
      help: "Seconds from a Slack request's arrival to its ack (Slack gives up after 3 s).",
      labelNames: ['kind'],
      buckets: ACK_BUCKETS,
      registers,
    });
    this.slackUnackedRequests = new Counter({
      name: `${PREFIX}slack_unacked_total`,
      help: 'Slack requests no listener acked (none matched, or one threw first): Slack got no timely answer (not in slack_ack_seconds).',
      labelNames: ['kind'],
      registers,
    });
    this.slackRetries = new Counter({
      name: `${PREFIX}slack_retries_total`,
      help: "Slack's repeats of requests it thinks went unanswered (X-Slack-Retry-Num), by kind; each is in slack_requests_total too.",
      labelNames: ['kind'],
      registers,
    });
    this.slackBodiesRefused = new Counter({
      name: `${PREFIX}slack_bodies_refused_total`,
      help: 'Slack requests refused while their body was read, by status: 413 too large, 503 too many at once, 408 too slow. They never reach the app.',
      labelNames: ['status'],
      registers,
    });
    // Sampled when scraped: the gauge is what InFlight holds at that moment.
    const inFlight = () => this.sampleInFlight();
    new Gauge({
      name: `${PREFIX}slack_requests_in_flight`,
      help: 'Slack requests acked and still being worked on (past the limit, new ones are declined).',
      registers,
      collect() {
        this.set(inFlight());
      },
    });
    this.toolCalls = new Counter({
      name: `${PREFIX}buildkite_tool_calls_total`,
      help: "Buildkite tool calls through Scalekit by tool and outcome: ok, or the failure's class (not_connected, forbidden, not_found, invalid, not_offered, unavailable), or unexpected (an error outside that family).",
      labelNames: ['tool', 'outcome'],
      registers,
    });
    this.toolCallSeconds = new Histogram({
      name: `${PREFIX}buildkite_tool_call_seconds`,
      help: 'Seconds a Buildkite tool call took, whatever its outcome (a retry without refused arguments included).',
      labelNames: ['tool'],
      buckets: TOOL_CALL_BUCKETS,
      registers,
    });
    this.buildkiteRateLimits = new Counter({
      name: `${PREFIX}buildkite_rate_limited_total`,
      help: "Tool calls refused for too many requests, by tool and whose limit it was (buildkite: the person's; scalekit: the bot's).",
      labelNames: ['tool', 'limiter'],
      registers,
    });
    this.slackRateLimits = new Counter({
      name: `${PREFIX}slack_rate_limited_total`,
      help: "Slack Web API answers saying slow down (a 429, or a 200 with `ratelimited`), by method; the WebClient waits them out.",
      labelNames: ['method'],
      registers,
    });
    this.webhookDeliveries = new Counter({
      name: `${PREFIX}webhook_deliveries_total`,
      help: "Buildkite webhook deliveries by event and outcome: accepted (a build change queued), dropped (the background queue full or stopping), duplicate, ignored (not about a build), refused (no valid token or signature), refused_body (too large, too many at once, too slow), unreadable, failed (the store did not answer).",
      labelNames: ['event', 'outcome'],
      registers,
    });
    this.cardsPosted = new Counter({
      name: `${PREFIX}build_cards_posted_total`,
      help: "Build cards posted (a subscription's, a person's DM, `/buildkite build`, a red streak's).",
      registers,
    });
    this.cardsEdited = new Counter({
      name: `${PREFIX}card_edits_total`,
      help: "Cards edited in place (chat.update, a response_url's replace, or chat.unfurl for a preview), by source: redraw (within the edit budget), click (a click's progress and outcome), refresh, unblocked, streak_taken, queue_page, incident_banner.",
      labelNames: ['source'],
      registers,
    });
    const editsWaiting = () => this.sampleEditsWaiting();
    new Gauge({
      name: `${PREFIX}card_edits_waiting`,
      help: "Card redraws waiting for their turn in the workspace's edit budget (chat.update, about 50 a minute).",
      registers,
      collect() {
        this.set(editsWaiting());
      },
    });
    this.pollRounds = new Counter({
      name: `${PREFIX}poll_rounds_total`,
      help: 'Rounds of periodic work by kind and outcome: ok, skipped (another replica holds the lease), failed.',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    // Known label sets start at 0: an alert's rate() or increase() needs a series before its first event
    // (after a restart a counter born at 1 is invisible to them, and a missing term empties a sum).
    for (const kind of SLACK_REQUEST_KINDS) {
      this.slackUnackedRequests.inc({ kind }, 0);
      for (const outcome of SLACK_REQUEST_OUTCOMES) this.slackRequests.inc({ kind, outcome }, 0);
    }
    for (const status of ['408', '413', '503']) this.slackBodiesRefused.inc({ status }, 0);
    for (const kind of POLL_KINDS) for (const outcome of POLL_OUTCOMES) this.pollRounds.inc({ kind, outcome }, 0);
  }

  slackRequest(kind: SlackRequestKind, outcome: SlackRequestOutcome): void {
    this.slackRequests.inc({ kind, outcome });
  }

  slackAcked(kind: SlackRequestKind, seconds: number): void {
    this.slackAcks.observe({ kind }, seconds);
  }

  slackUnacked(kind: SlackRequestKind): void {
    this.slackUnackedRequests.inc({ kind });
  }

  /** A repeat Slack sent because it thinks the first went unanswered (X-Slack-Retry-Num); also counted in slack_requests_total. */
  slackRetry(kind: SlackRequestKind): void {
    this.slackRetries.inc({ kind });
  }

  /** A Slack request whose body was refused while being read (413, 503, 408): it never reached Bolt. */
  slackBodyRefused(status: number): void {
    this.slackBodiesRefused.inc({ status: String(status) });
  }

  /** What the in-flight gauge reads when scraped. */
  watchRequestsInFlight(sample: () => number): void {
    this.sampleInFlight = sample;
  }

  /** `outcome`: ok, or the GatewayError's kind. */
  toolCall(tool: string, outcome: string, seconds: number): void {
    this.toolCalls.inc({ tool, outcome });
    this.toolCallSeconds.observe({ tool }, seconds);
  }

  buildkiteRateLimited(tool: string, limiter: RateLimiter): void {
    this.buildkiteRateLimits.inc({ tool, limiter });
  }

  slackRateLimited(method: string): void {
    this.slackRateLimits.inc({ method });
  }

  webhookDelivery(event: string, outcome: WebhookOutcome): void {
    this.webhookDeliveries.inc({ event, outcome });
  }

  buildCardPosted(): void {
    this.cardsPosted.inc();
  }

  cardEdited(source: CardEditSource): void {
    this.cardsEdited.inc({ source });
  }

  /** What the edit-queue gauge reads when scraped. */
  watchCardEditsWaiting(sample: () => number): void {
    this.sampleEditsWaiting = sample;
  }

  pollRound(kind: PollKind, outcome: PollOutcome): void {
    this.pollRounds.inc({ kind, outcome });
  }

  /** The Prometheus text exposition of everything above. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
