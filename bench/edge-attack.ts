import { round, rssMb, type Target } from './load.js';
import { forgedBuildkiteHeaders, forgedSlackHeaders, type StalledPost, stalledPosts, unsignedPosts } from './stalled-posts.js';

/** How long the bench waits for the bot to close an attack's sockets before it reports them still open. */
const WAIT_FOR_CLOSE_MS = 60_000;

export interface EdgeAttackResult {
  name: string;
  posts: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  rssAfterMb: number;
  /** Seconds until the bot had closed every socket; null when some were still open after a minute. */
  allClosedSeconds: number | null;
  statuses: Record<string, number>;
}

async function attack(name: string, bot: Target, posts: StalledPost[]): Promise<EdgeAttackResult> {
  const port = Number(new URL(bot.url).port);
  const rssBeforeMb = rssMb(bot.pid);
  let rssPeakMb = rssBeforeMb;
  const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rssMb(bot.pid))), 100);
  const run = stalledPosts(port, posts);
  const closedMs = await Promise.race([run.allClosed, new Promise<null>((r) => setTimeout(() => r(null), WAIT_FOR_CLOSE_MS))]);
  clearInterval(sampler);
  const rssAfterMb = rssMb(bot.pid);
  const statuses = run.statuses();
  run.stop();
  // The next attack starts from a bot that has let go of this one.
  await new Promise((r) => setTimeout(r, 2_000));
  return { name, posts: posts.length, rssBeforeMb, rssPeakMb, rssAfterMb, allClosedSeconds: closedMs === null ? null : round(closedMs / 1000, 1), statuses };
}

/**
 * The HTTP edge before authentication (issue 22): 600 stalled POSTs without a signature on any path,
 * then 600 whose signature headers have the right shape and a fresh timestamp but no secret behind them
 * (half to Slack's path, half to the Buildkite webhook), each sending most of its body and stalling.
 */
export async function edgeAttacks(bot: Target): Promise<EdgeAttackResult[]> {
  const forged: StalledPost[] = [
    ...Array.from({ length: 300 }, () => ({ path: '/slack/events', headers: forgedSlackHeaders(), declaredBytes: 256 * 1024, sentBytes: 252 * 1024 })),
    ...Array.from({ length: 300 }, () => ({ path: '/buildkite/webhook', headers: forgedBuildkiteHeaders(), declaredBytes: 4 * 1024 * 1024, sentBytes: 1024 * 1024 })),
  ];
  return [
    await attack('unsigned (1 MB declared, 880 KB sent each; Slack, webhook and other paths)', bot, unsignedPosts(600, ['/slack/events', '/buildkite/webhook', '/', '/anything'])),
    await attack('forged signatures (300 to Slack: 256 KiB declared, 252 KiB sent; 300 to the webhook: 4 MiB declared, 1 MiB sent)', bot, forged),
  ];
}

export function edgeLines(results: EdgeAttackResult[]): string[] {
  return results.map(
    (r) =>
      `Edge, ${r.posts} stalled POSTs, ${r.name}: bot RSS ${r.rssBeforeMb} MB before, peak ${r.rssPeakMb} MB, ${r.rssAfterMb} MB after; ${r.allClosedSeconds === null ? `sockets still open after ${WAIT_FOR_CLOSE_MS / 1000} s` : `every socket closed by the bot in ${r.allClosedSeconds} s`} (answers: ${Object.entries(r.statuses).map(([k, v]) => `${v}× ${k}`).join(', ')}).`,
  );
}
