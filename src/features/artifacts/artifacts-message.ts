import { DownloadArtifactButton } from './buttons.js';
import type { Artifact } from '../../buildkite/artifacts.js';
import { escapeMrkdwn, inlineCode, truncate } from '../../render/escape.js';
import { type Block, type Message, context, section } from '../../render/message.js';

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
      block.accessory = DownloadArtifactButton.draw({ p: pipeline, b: number, j: a.job_id, a: a.id, ...(typeof a.file_size === 'number' ? { z: a.file_size } : {}) }, { text: 'Download', row: a.id });
    }
    blocks.push(block);
  }
  if (artifacts.length > 45) blocks.push(context(`…and ${artifacts.length - 45} more.`));
  return { text: `${artifacts.length} artifacts of ${escapeMrkdwn(pipeline)} #${number}`, blocks };
}
