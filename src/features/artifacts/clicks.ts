import { buildUrl } from '../../buildkite/urls.js';
import { downloadArtifact, listArtifacts } from '../../buildkite/artifacts.js';
import { inlineCode, link } from '../../render/escape.js';
import { simple } from '../../render/message.js';
import { onClick } from '../../slack/buttons.js';
import { sendFileDirectly } from '../../slack/reply.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { artifactsMessage, humanSize, MAX_DOWNLOAD_BYTES } from './artifacts-message.js';
import { ArtifactsButton, DownloadArtifactButton } from './buttons.js';

export const artifactsClicked = onClick(ArtifactsButton, ({ click, value: ref }, deps) =>
  runAsUser(click, deps, async () => {
    const list = await listArtifacts(deps.buildkite(click), ref.p, ref.b, ref.j);
    await click.reply(artifactsMessage(ref.p, ref.b, list));
  }),
);

export const downloadClicked = onClick(DownloadArtifactButton, ({ click, value: ref }, deps) =>
  runAsUser(click, deps, async () => {
    const bk = deps.buildkite(click);
    const name = (await listArtifacts(bk, ref.p, ref.b, ref.j)).find((a) => a.id === ref.a);
    // An unknown size counts as too big: a 30 MB artifact without `file_size` must not be sent.
    const size = name ? name.file_size : ref.z;
    const filename = (name?.filename || name?.path || 'artifact').split('/').pop() || 'artifact';
    const tooBig = async (bytes: number | null | undefined) => {
      const url = buildUrl(await bk.orgSlug(), ref.p, ref.b, ref.j);
      const what = typeof bytes === 'number' ? `is ${humanSize(bytes)}, over the 10 MB I send through Slack` : 'has no size Buildkite would tell, so I do not send it through Slack';
      return click.reply(simple(`:package: ${inlineCode(filename)} ${what}: ${link(url, 'download it from Buildkite')}.`));
    };
    if (typeof size !== 'number' || size > MAX_DOWNLOAD_BYTES) return tooBig(size);
    const bytes = await downloadArtifact(bk, ref.p, ref.b, ref.j, ref.a);
    // The listing can be wrong: the bytes themselves are counted before anything is uploaded.
    if (bytes.length > MAX_DOWNLOAD_BYTES) return tooBig(bytes.length);
    await sendFileDirectly(click.client, click.userId, { filename, content: bytes, title: `${filename} from ${ref.p} #${ref.b}` });
    await click.reply(simple(`:package: Sent ${inlineCode(filename)} (${humanSize(bytes.length)}) to you in our direct messages.`));
  }),
);
