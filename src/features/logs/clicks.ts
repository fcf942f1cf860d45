import { getBuild } from '../../buildkite/builds.js';
import { readLog } from '../../buildkite/logs.js';
import { escapeMrkdwn, truncate } from '../../render/escape.js';
import { onClick } from '../../slack/buttons.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { jobTitle } from '../builds/build-card.js';
import { CardLogsButton, JobEnvButton, MoreLogButton } from './buttons.js';
import { deliverLog, logFilename, logs, PAGE_LINES, showJobEnv } from './commands.js';
import { logPlainText, withLookback } from './log-message.js';
import { MASK_LOOKBACK_LINES } from '../../render/mask.js';

/**
 * "More" pages back through read_logs. The rows above the page are read with it and masked with it, so
 * a secret that starts on the page before (in the log's order) is masked on this one; they are not shown.
 */
export const moreLogClicked = onClick(MoreLogButton, async ({ click, value: ref }, deps) => {
  await runAsUser(click, deps, async () => {
    const seek = Math.max(0, ref.s - MASK_LOOKBACK_LINES);
    const read = await readLog(deps.buildkite(click), ref.p, ref.b, ref.j, seek, ref.l + ref.s - seek);
    const lines = withLookback(read.entries.map((e) => e.c), read.entries.length - (ref.s - seek));
    const page = { entries: lines.filter((l) => !l.lookback) };
    const plain = logPlainText(lines, false);
    const more = ref.s > 0 ? { ...ref, s: Math.max(0, ref.s - PAGE_LINES), l: Math.min(PAGE_LINES, ref.s) } : undefined;
    await deliverLog(click, {
      title: `:scroll: Earlier lines of *${escapeMrkdwn(ref.p)} #${ref.b}*`,
      plain,
      summary: `Rows ${ref.s + 1}–${ref.s + page.entries.length}`,
      filename: logFilename({ pipeline: ref.p, number: ref.b }, ref.j),
      ...(more ? { more } : {}),
      env: { p: ref.p, b: ref.b, j: ref.j },
    });
  });
});

export const jobEnvClicked = onClick(JobEnvButton, async ({ click, value: ref }, deps) => {
  await runAsUser(click, deps, async () => {
    const bk = deps.buildkite(click);
    const build = await getBuild(bk, ref.p, ref.b);
    const job = build.jobs?.find((j) => j.id === ref.j);
    const title = `*${escapeMrkdwn(truncate(job ? jobTitle(job) : ref.j, 150))}* in *${escapeMrkdwn(ref.p)} #${ref.b}*`;
    await showJobEnv(click, bk, ref.p, ref.b, ref.j, title);
  });
});

/** The card's "Logs": the same as `/buildkite logs <pipeline> <build> [job]`, privately. */
export const cardLogsClicked = onClick(CardLogsButton, async ({ click, value: ref }, deps) => {
  const words = [ref.p, String(ref.b), ...(ref.j ? [ref.j] : [])];
  await logs.run({ ...click, args: { words, options: {} } }, deps);
});
