import type { Feature } from '../feature.js';
import { showPreviewClicked, skipPreviewClicked } from './clicks.js';
import { linkShared } from './link-shared.js';
import { refreshPreviews } from './refresh-previews.js';

/**
 * Link previews: a pasted build, job or pipeline link unfurls into what it shows, read as the poster,
 * and a build's preview stays current with the build (refresh-previews.ts).
 */
export const previews: Feature = { name: 'previews', subcommands: [], buttons: [showPreviewClicked, skipPreviewClicked], modals: [], events: [linkShared], buildChanges: [refreshPreviews] };
