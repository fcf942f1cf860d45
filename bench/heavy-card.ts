import type { FakeBuildkiteOrg } from '../src/sandbox/buildkite-org/index.js';
import type { JobInput } from '../src/sandbox/buildkite-org/builders.js';
import { slashCommandBody } from '../src/sandbox/signing.js';
import type { SlackApiFake } from '../src/sandbox/slack-api/index.js';
import { percentile, round, type Target, timedPost } from './load.js';

/**
 * Whether one person's heavy card holds up everyone else: another user's `/buildkite help` is acked
 * back to back, first with the bot idle, then while a card of a 5,000-job build carrying an annotation
 * nested 10,000 elements deep is read, parsed and drawn again and again. What the heavy card adds to
 * the other person's ack is the figure (the target: at most 50 ms, at p99 and at worst).
 */

export const HEAVY_JOBS = 5_000;
export const HEAVY_NESTING = 10_000;
const PIPELINE = 'monorepo';

export interface HeavyCardContext {
  org: FakeBuildkiteOrg;
  slack: SlackApiFake;
  bot: Target;
  secret: string;
  /** Asks for the heavy card (connected). */
  user: string;
  /** Asks for help meanwhile (anyone). */
  other: string;
  channel: string;
}

export interface AckFigures {
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

export interface HeavyCardResult {
  jobs: number;
  nesting: number;
  cards: number;
  cardsPosted: number;
  /** Median time from the command to the card in the channel. */
  cardMs: number;
  idle: AckFigures;
  during: AckFigures;
  /** What the heavy card added to the other person's ack: during minus idle, at p99 and at worst. */
  addedP99Ms: number;
  addedMaxMs: number;
}

/** 10,000 elements, each inside the last, of the kinds an annotation's Markdown renders to. */
export function deeplyNestedHtml(depth: number): string {
  const tags = ['div', 'blockquote', 'ul', 'li', 'span', 'strong', 'p', 'em'];
  const open: string[] = [];
  const close: string[] = [];
  for (let i = 0; i < depth; i++) {
    const tag = tags[i % tags.length]!;
    open.push(`<${tag}>`);
    close.push(`</${tag}>`);
  }
  return `${open.join('')}deep <a href="https://example.test/report">report</a>${close.reverse().join('')}`;
}

/** A failed build of `jobs` jobs: most passed, some failed (with log lines), a few blocked steps. */
export function addHeavyBuild(org: FakeBuildkiteOrg, user: string, jobs = HEAVY_JOBS, nesting = HEAVY_NESTING): number {
  org.addPipeline({ slug: PIPELINE, name: 'Monorepo' });
  const list: JobInput[] = Array.from({ length: jobs }, (_, i): JobInput => {
    if (i % 97 === 5) return { name: `:rspec: spec shard ${i}`, state: 'failed', exitStatus: 1, logLines: [`shard ${i}`, 'Failure/Error: expected true', `  got false (${i})`] };
    if (i % 1000 === 999) return { name: `Deploy gate ${i}`, type: 'manual', state: 'blocked' };
    return { name: `:jest: unit ${i}`, state: 'passed' };
  });
  const build = org.addBuild({ pipeline: PIPELINE, state: 'failed', branch: 'main', commit: 'c'.repeat(40), message: 'A very large build', creator: user, jobs: list });
  org.addAnnotation({ buildId: build.id, context: 'deep', style: 'error', body: deeplyNestedHtml(nesting) });
  org.addAnnotation({ buildId: build.id, context: 'links', style: 'info', body: `<p>${'<a href="https://example.test/x">https://other.test/y</a> '.repeat(2000)}</p>` });
  return build.number;
}

const figures = (ms: number[]): AckFigures => ({ samples: ms.length, p50: round(percentile(ms, 50), 1), p99: round(percentile(ms, 99), 1), max: round(Math.max(...ms), 1) });

export async function heavyCard(ctx: HeavyCardContext, buildNumber: number, cards = 6): Promise<HeavyCardResult> {
  const { slack, bot, secret, user, other, channel } = ctx;
  const help = () => slashCommandBody({ command: '/buildkite', text: 'help', user_id: other, channel_id: channel, response_url: slack.createResponseUrl(channel, other) });
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  // Idle: the other person's acks with nothing else going on.
  const idle: number[] = [];
  for (let i = 0; i < 200; i++) {
    idle.push((await timedPost(bot, secret, help())).ms);
    await pause(5);
  }

  // During: the heavy card drawn `cards` times, one after another, while help is acked back to back.
  let drawing = true;
  const during: number[] = [];
  const asker = (async () => {
    while (drawing) {
      during.push((await timedPost(bot, secret, help())).ms);
      await pause(5);
    }
  })();
  const cardMs: number[] = [];
  let posted = 0;
  for (let i = 0; i < cards; i++) {
    const before = slack.messages(channel).length;
    const started = performance.now();
    await timedPost(bot, secret, slashCommandBody({ command: '/buildkite', text: `build ${PIPELINE} ${buildNumber}`, user_id: user, channel_id: channel, response_url: slack.createResponseUrl(channel, user) }));
    const card = await slack.waitFor(() => slack.messages(channel).slice(before).find((m) => String(m.text ?? '').includes(`${PIPELINE} #${buildNumber}`)), 60_000, 'the heavy card').catch(() => undefined);
    if (card) {
      posted++;
      cardMs.push(performance.now() - started);
    }
  }
  drawing = false;
  await asker;
  const i = figures(idle);
  const d = figures(during);
  return {
    jobs: HEAVY_JOBS,
    nesting: HEAVY_NESTING,
    cards,
    cardsPosted: posted,
    cardMs: round(percentile(cardMs, 50), 0),
    idle: i,
    during: d,
    addedP99Ms: round(d.p99 - i.p99, 1),
    addedMaxMs: round(d.max - i.max, 1),
  };
}

export const heavyCardLine = (r: HeavyCardResult): string =>
  `Heavy card: another user's \`/buildkite help\` acked ${r.during.samples} times while a card of a ${r.jobs.toLocaleString('en')}-job build with an annotation nested ${r.nesting.toLocaleString('en')} deep was drawn ${r.cards} times (${r.cardsPosted} posted, ${r.cardMs} ms each): ack p50 ${r.during.p50} ms, p99 ${r.during.p99} ms, max ${r.during.max} ms, against ${r.idle.p50} / ${r.idle.p99} / ${r.idle.max} ms idle (${r.idle.samples} acks) in the same run: ${r.addedP99Ms} ms added at p99, ${r.addedMaxMs} ms at worst (target ≤ 50 ms).`;
