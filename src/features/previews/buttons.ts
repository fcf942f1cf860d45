import { z } from 'zod';
import { defineButton } from '../../slack/buttons.js';

/**
 * The preview a poster is asked about: the link exactly as Slack sent it, and the channel and message
 * holding it (the question may come by DM, when the bot cannot whisper in that channel).
 */
const PendingPreview = z.object({ u: z.string().url().max(1000), c: z.string().max(32), m: z.string().max(40) });
export type PendingPreview = z.infer<typeof PendingPreview>;

/** "Show preview": the poster agrees to show a private pipeline's build in the channel. */
export const ShowPreviewButton = defineButton('show_preview', PendingPreview);
/** "Not this time": nothing is shown. */
export const SkipPreviewButton = defineButton('skip_preview', PendingPreview);
