import { ArtifactDirectLink, DownloadArtifactButton } from './buttons.js';
import type { Artifact } from '../../buildkite/artifacts.js';
import { escapeMrkdwn, inlineCode, link, truncate } from '../../render/escape.js';
import { type Block, type Message, context, section, simple } from '../../render/message.js';
import type { NotSent } from './download.js';
import { count } from '../../render/count.js';

/** The largest file Download sends by DM (Slack takes far more; a chat is no place for bigger). */
export const MAX_DOWNLOAD_BYTES = 10 * 1024 * 1024;

export function humanSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return 'unknown size';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function artifactsMessage(pipeline: string, number: number, artifacts: Artifact[]): Message {
  const blocks: Block[] = [section(`:package: Artifacts of *${escapeMrkdwn(pipeline)} #${number}*`)];
  if (artifacts.length === 0) blocks.push(context('No artifacts.'));
  for (const a of artifacts.slice(0, 45)) {
    const name = a.path || a.filename || a.id;
    const block: Block = { type: 'section', text: { type: 'mrkdwn', text: truncate(`${inlineCode(truncate(name, 300))} · ${humanSize(a.file_size)}`, 3000) } };
    if (a.job_id) {
      block.accessory = DownloadArtifactButton.draw({ pipeline, build: number, job: a.job_id, artifact: a.id, ...(typeof a.file_size === 'number' ? { size: a.file_size } : {}) }, { text: 'Download', row: a.id });
    }
    blocks.push(block);
  }
  if (artifacts.length > 45) blocks.push(context(`…and ${artifacts.length - 45} more.`));
  return { text: `${count(artifacts.length, 'artifact')} of ${escapeMrkdwn(pipeline)} #${number}`, blocks };
}

export function artifactSent(filename: string, bytes: number): Message {
  return simple(`:package: Sent ${inlineCode(filename)} (${humanSize(bytes)}) to you in our direct messages.`);
}

const FETCH_PROBLEMS: Record<Extract<NotSent, { why: 'not_fetched' }>['problem'], string> = {
  expired: 'its download link had expired',
  refused: 'Buildkite’s storage refused the download',
  timeout: 'the download took too long',
  unreachable: 'Buildkite’s storage could not be reached',
  not_allowed: 'its download link is not a secure (https) one',
};

function whyNotSent(reason: NotSent): string {
  switch (reason.why) {
    case 'too_big':
      return `is ${humanSize(reason.size)}, over the ${humanSize(MAX_DOWNLOAD_BYTES)} I send through Slack`;
    case 'unknown_size':
      return 'has no size Buildkite would tell, so I do not send it through Slack';
    case 'only_from_buildkite':
      return 'is handed over only by Buildkite itself';
    case 'not_fetched':
      return `could not be sent: ${FETCH_PROBLEMS[reason.problem]}`;
  }
}

/**
 * A file linked instead of sent: always the job in Buildkite; with a direct link (a presigned URL, a
 * button) when there is one, saying how long it works.
 */
export function artifactNotSent(filename: string, reason: NotSent, buildkiteUrl: string): Message {
  const text = `:package: ${inlineCode(filename)} ${whyNotSent(reason)}: ${link(buildkiteUrl, 'download it from Buildkite')}.`;
  const direct = 'direct' in reason ? reason.direct : undefined;
  if (!direct) return simple(text);
  const minutes = direct.expiresInSeconds ? Math.max(1, Math.floor(direct.expiresInSeconds / 60)) : undefined;
  const lasts = minutes ? `for about ${minutes} minute${minutes === 1 ? '' : 's'}` : 'for a short while';
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text }, accessory: ArtifactDirectLink.draw(direct.url, { text: 'Download directly' }) },
      context(`The direct link works ${lasts}; after that, click Download again for a fresh one.`),
    ],
  };
}
