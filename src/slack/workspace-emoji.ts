import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { setWorkspaceEmoji } from '../render/emoji.js';
import { customEmojiNames } from './lookups.js';

/** Custom emoji change rarely; an hour-old list only means a new emoji shows as text a little longer. */
const REFRESH_MS = 60 * 60 * 1000;

/**
 * Reads the workspace's custom emoji (emoji.list) so labels keep Buildkite shortcodes the workspace
 * has, now and every hour. Without `emoji:read` (or when Slack fails) labels keep standard emoji only,
 * which is said once, not on every refresh.
 */
export function followWorkspaceEmoji(client: WebClient, logger: Logger, refreshMs = REFRESH_MS): { stop(): void } {
  let warned = false;
  const read = async () => {
    try {
      const names = await customEmojiNames(client);
      setWorkspaceEmoji(names);
      logger.debug(`read ${names.length} custom emoji names`);
    } catch (error) {
      if (warned) return;
      warned = true;
      const reason = (error as { data?: { error?: string } }).data?.error ?? (error instanceof Error ? error.message : String(error));
      logger.warn(`emoji.list failed (${reason}${reason === 'missing_scope' ? ': add the emoji:read scope' : ''}): Buildkite emoji in job labels show only where Slack has a standard emoji of that name`);
    }
  };
  void read();
  const timer = setInterval(() => void read(), refreshMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
