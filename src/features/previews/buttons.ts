import { z } from 'zod';
import { defineButton } from '../../slack/buttons.js';
import { channelId, messageTs } from '../../slack/refs.js';

/**
 * The preview a poster is asked about: the link exactly as Slack sent it, and the channel and message
 * holding it (the question may come by DM, when the bot cannot whisper in that channel).
 */
const PendingPreview = z.object({ url: z.string().url().max(1000), channel: channelId, messageTs });
export type PendingPreview = z.infer<typeof PendingPreview>;
const PendingPreviewKeys = { url: 'u', channel: 'c', messageTs: 'm' } as const;

/** "Show preview": the poster agrees to show a private pipeline's build in the channel. */
export const ShowPreviewButton = defineButton('show_preview', PendingPreview, PendingPreviewKeys);
/** "Not this time": nothing is shown. */
export const SkipPreviewButton = defineButton('skip_preview', PendingPreview, PendingPreviewKeys);
