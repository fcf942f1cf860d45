import { parseBuildkiteLink } from '../../buildkite/urls.js';
import { invalidButton, onClick } from '../../slack/buttons.js';
import { performMutation } from '../../slack/mutation.js';
import { clickIntent } from '../../slack/cards/card-action.js';
import { deleteClickedMessage } from '../../slack/reply.js';
import { ShowPreviewButton, SkipPreviewButton } from './buttons.js';
import { showPreview } from './show-preview.js';

/**
 * The poster agreed: the preview is read as them (whoever clicks is who it is read as) and attached
 * once, however often the click arrives; the question goes away.
 */
export const showPreviewClicked = onClick(ShowPreviewButton, async ({ click, value }, deps) => {
  const link = parseBuildkiteLink(value.url);
  if (!link) return click.reply(invalidButton());
  await performMutation(deps, click, clickIntent(click), async () => {
    await showPreview(deps, click.client, { target: { channel: value.channel, ts: value.messageTs }, url: value.url, link, readAs: click.userId, teamId: click.teamId });
    await deleteClickedMessage(click.respond);
  });
});

export const skipPreviewClicked = onClick(SkipPreviewButton, async ({ click }) => {
  await deleteClickedMessage(click.respond);
});
