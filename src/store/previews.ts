import { z } from 'zod';
import { StoredInteger } from './records.js';

/** A link preview (unfurl) of a build in someone's message: redrawn with chat.unfurl as the build moves on. */
export const PreviewRecord = z.object({
  buildId: z.string(),
  teamId: z.string(),
  channelId: z.string(),
  /** The message holding the link (the poster's, not the bot's). */
  messageTs: z.string(),
  /** The link exactly as Slack sent it: chat.unfurl keys previews by it. */
  url: z.string(),
  /** The Slack user whose Buildkite connection draws the preview: who posted the link (and agreed to show it). */
  readAs: z.string(),
  /** The version of the build the preview last showed (see build-version.ts): it only moves forward. */
  rank: StoredInteger,
});
export type PreviewRecord = z.output<typeof PreviewRecord>;

export interface PreviewStore {
  /** Remembers a preview; a second save of the same one keeps the higher rank. */
  savePreview(preview: PreviewRecord): Promise<void>;
  /** Every preview of a build, in every channel. */
  buildPreviews(buildId: string): Promise<PreviewRecord[]>;
  /** As BuildCardStore.advanceBuildCard: true when `rank` is newer than what the preview shows. */
  advancePreview(preview: Pick<PreviewRecord, 'buildId' | 'channelId' | 'messageTs' | 'url'>, rank: number): Promise<boolean>;
}
