import { buildUrl } from '../../buildkite/urls.js';
import { listArtifacts, readArtifact } from '../../buildkite/artifacts.js';
import { onClick, onLinkClick } from '../../slack/buttons.js';
import { sendFileDirectly } from '../../slack/reply.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { artifactNotSent, artifactSent, artifactsMessage, MAX_DOWNLOAD_BYTES } from './artifacts-message.js';
import { ArtifactDirectLink, ArtifactsButton, DownloadArtifactButton } from './buttons.js';
import { artifactBytes, type NotSent } from './download.js';

export const artifactsClicked = onClick(ArtifactsButton, ({ click, value: ref }, deps) =>
  runAsUser(click, deps, async () => {
    const list = await listArtifacts(deps.buildkite(click), ref.pipeline, ref.build, ref.job);
    await click.reply(artifactsMessage(ref.pipeline, ref.build, list));
  }),
);

export const downloadClicked = onClick(DownloadArtifactButton, ({ click, value: ref }, deps) =>
  runAsUser(click, deps, async () => {
    const bk = deps.buildkite(click);
    const listed = (await listArtifacts(bk, ref.pipeline, ref.build, ref.job)).find((a) => a.id === ref.artifact);
    // An unknown size counts as too big: a 30 MB artifact without `file_size` must not be sent.
    const size = listed ? listed.file_size : ref.size;
    const filename = (listed?.filename || listed?.path || 'artifact').split('/').pop() || 'artifact';
    const notSent = async (reason: NotSent) => click.reply(artifactNotSent(filename, reason, buildUrl(await bk.orgSlug(), ref.pipeline, ref.build, ref.job)));
    // v1.7's get_artifact returns the whole file base64-encoded, so a big one is never asked for. Newer
    // servers (their lists have no `download_url`) inline 64 KiB at most and give a link for the rest.
    const wholeFileAnswer = !listed || Boolean(listed.download_url);
    if (wholeFileAnswer && typeof size !== 'number') return notSent({ why: 'unknown_size' });
    if (wholeFileAnswer && typeof size === 'number' && size > MAX_DOWNLOAD_BYTES) return notSent({ why: 'too_big', size });
    const got = await artifactBytes(await readArtifact(bk, ref.pipeline, ref.build, ref.job, ref.artifact));
    if (!got.ok) return notSent(got);
    await sendFileDirectly(click.client, click.userId, { filename, content: got.bytes, title: `${filename} from ${ref.pipeline} #${ref.build}` });
    await click.reply(artifactSent(filename, got.bytes.length));
  }),
);

export const artifactDirectLinkClicked = onLinkClick(ArtifactDirectLink);
