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
    const seek = Math.max(0, ref.seek - MASK_LOOKBACK_LINES);
    const read = await readLog(deps.buildkite(click), ref.pipeline, ref.build, ref.job, seek, ref.limit + ref.seek - seek);
    const lines = withLookback(read.entries.map((e) => e.c), read.entries.length - (ref.seek - seek));
    const page = { entries: lines.filter((l) => !l.lookback) };
    const plain = logPlainText(lines, false);
    const more = ref.seek > 0 ? { ...ref, seek: Math.max(0, ref.seek - PAGE_LINES), limit: Math.min(PAGE_LINES, ref.seek) } : undefined;
    await deliverLog(click, {
      title: `:scroll: Earlier lines of *${escapeMrkdwn(ref.pipeline)} #${ref.build}*`,
      plain,
      summary: `Rows ${ref.seek + 1}–${ref.seek + page.entries.length}`,
      filename: logFilename({ pipeline: ref.pipeline, number: ref.build }, ref.job),
      ...(more ? { more } : {}),
      env: { pipeline: ref.pipeline, build: ref.build, job: ref.job },
    });
  });
});

export const jobEnvClicked = onClick(JobEnvButton, async ({ click, value: ref }, deps) => {
  await runAsUser(click, deps, async () => {
    const bk = deps.buildkite(click);
    const build = await getBuild(bk, ref.pipeline, ref.build);
    const job = build.jobs?.find((j) => j.id === ref.job);
    const title = `*${escapeMrkdwn(truncate(job ? jobTitle(job) : ref.job, 150))}* in *${escapeMrkdwn(ref.pipeline)} #${ref.build}*`;
    await showJobEnv(click, bk, ref.pipeline, ref.build, ref.job, title);
  });
});

/** The card's "Logs": the same as `/buildkite logs <pipeline> <build> [job]`, privately. */
export const cardLogsClicked = onClick(CardLogsButton, async ({ click, value: ref }, deps) => {
  const words = [ref.pipeline, String(ref.build), ...(ref.job ? [ref.job] : [])];
  await logs.run({ ...click, args: { words, options: {} } }, deps);
});
