/** A link preview (unfurl) of a build in someone's message: redrawn with chat.unfurl as the build moves on. */
export interface PreviewRecord {
  buildId: string;
  teamId: string;
  channelId: string;
  /** The message holding the link (the poster's, not the bot's). */
  messageTs: string;
  /** The link exactly as Slack sent it: chat.unfurl keys previews by it. */
  url: string;
  /** The Slack user whose Buildkite connection draws the preview: who posted the link (and agreed to show it). */
  readAs: string;
  /** The version of the build the preview last showed (see build-version.ts): it only moves forward. */
  rank: number;
}

export interface PreviewStore {
  /** Remembers a preview; a second save of the same one keeps the higher rank. */
  savePreview(preview: PreviewRecord): Promise<void>;
  /** Every preview of a build, in every channel. */
  buildPreviews(buildId: string): Promise<PreviewRecord[]>;
  /** As BuildCardStore.advanceBuildCard: true when `rank` is newer than what the preview shows. */
  advancePreview(preview: Pick<PreviewRecord, 'buildId' | 'channelId' | 'messageTs' | 'url'>, rank: number): Promise<boolean>;
}
