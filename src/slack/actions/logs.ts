import type { App } from '@slack/bolt';
import { readLog } from '../../buildkite/logs.js';
import { jobTitle } from '../../render/build-card.js';
import { escapeMrkdwn, truncate } from '../../render/escape.js';
import { logPlainText } from '../../render/log-view.js';
import { deliverLog, logFilename, logs, PAGE_LINES, showJobEnv } from '../commands/logs.js';
import type { AppDeps } from '../deps.js';
import { encodeValue, JobRef } from '../ids.js';
import { ACTION_REST, LogPageRef, OptionalJobRef } from '../ids-rest.js';
import { runAsUser } from '../run-as-user.js';
import { onButton } from './on-button.js';

/** Read-only log buttons: "More" pages back through read_logs, "Environment", and the card's "Logs". */
export function registerLogActions(app: App, deps: AppDeps): void {
  onButton(app, ACTION_REST.logsMore, LogPageRef, async ({ click, value: ref, client, respond }) => {
    await runAsUser(click, deps, async () => {
      const page = await readLog(deps.buildkite(click.userId), ref.p, ref.b, ref.j, ref.s, ref.l);
      const plain = logPlainText(page.entries.map((e) => ({ text: e.c })), false);
      const next = ref.s > 0 ? encodeValue({ ...ref, s: Math.max(0, ref.s - PAGE_LINES), l: Math.min(PAGE_LINES, ref.s) }) : undefined;
      await deliverLog(click, {
        title: `:scroll: Earlier lines of *${escapeMrkdwn(ref.p)} #${ref.b}*`,
        plain,
        summary: `Rows ${ref.s + 1}–${ref.s + page.entries.length}`,
        filename: logFilename({ pipeline: ref.p, number: ref.b }, ref.j),
        ...(next ? { moreValue: next } : {}),
        envValue: encodeValue({ p: ref.p, b: ref.b, j: ref.j }),
      });
    });
  });

  onButton(app, ACTION_REST.jobEnv, JobRef, async ({ click, value: ref, client, respond }) => {
    await runAsUser(click, deps, async () => {
      const bk = deps.buildkite(click.userId);
      const build = await bk.getBuild(ref.p, ref.b);
      const job = build.jobs?.find((j) => j.id === ref.j);
      const title = `*${escapeMrkdwn(truncate(job ? jobTitle(job) : ref.j, 150))}* in *${escapeMrkdwn(ref.p)} #${ref.b}*`;
      await showJobEnv(click, deps, bk, ref.p, ref.b, ref.j, title);
    });
  });

  // The card's "Logs": the same as `/buildkite logs <pipeline> <build> [job]`, privately.
  onButton(app, ACTION_REST.cardLogs, OptionalJobRef, async ({ click, value: ref, client, respond }) => {
    const words = [ref.p, String(ref.b), ...(ref.j ? [ref.j] : [])];
    await logs.run({ userId: click.userId, teamId: click.teamId, channelId: click.channelId, triggerId: click.triggerId, args: { words, options: {} }, client, respond }, deps);
  });
}
