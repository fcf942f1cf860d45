import { SLACK_EMOJI_NAMES } from './slack-emoji-names.js';

/**
 * Buildkite labels carry Buildkite's own emoji (`:jest: Tests`, `:pipeline:`), which a Slack workspace
 * shows as raw text unless it has an emoji of that name. A label keeps a shortcode only when Slack
 * has it: the standard set, or the workspace's own custom emoji (read with emoji.list and cached by
 * slack/workspace-emoji.ts, one workspace per bot).
 */
const STANDARD = new Set(SLACK_EMOJI_NAMES);
let workspace: ReadonlySet<string> = new Set();

export type KnownEmoji = (name: string) => boolean;

export const isStandardEmoji: KnownEmoji = (name) => STANDARD.has(name);

/** Standard, or the workspace's own (as last read). */
export const isKnownEmoji: KnownEmoji = (name) => STANDARD.has(name) || workspace.has(name);

/** The workspace's custom emoji names (aliases included), as emoji.list last returned them. */
export function setWorkspaceEmoji(names: Iterable<string>): void {
  workspace = new Set(names);
}

// A shortcode stands alone: `10:30:45` and `std::vector` hold no emoji.
const SHORTCODE = /(?<![\w])(:[a-z0-9_+'-]*[a-z][a-z0-9_+'-]*:)(?![\w])/gi;
/** The same, with the space after it (dropped with it from longer text). */
const SHORTCODE_AND_SPACE = new RegExp(`${SHORTCODE.source} ?`, 'gi');

/** `:name:` (with or without a space after it), kept when Slack has `name`, else nothing. */
const keptIfKnown = (known: KnownEmoji) => (match: string) => (known(match.trim().slice(1, -1).toLowerCase()) ? match : '');

/**
 * Longer mrkdwn (an annotation) with every shortcode Slack does not have dropped, with the space after
 * it; code is left alone, since Slack shows code as typed.
 */
export function emojiText(text: string, known: KnownEmoji = isKnownEmoji): string {
  if (!text.includes(':')) return text;
  return text
    .split(/(```[\s\S]*?```|`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(SHORTCODE_AND_SPACE, keptIfKnown(known))))
    .join('');
}

/**
 * The label with every shortcode Slack does not have dropped. A label made only of such shortcodes
 * keeps their words (`:pipeline:` → `pipeline`) rather than becoming empty.
 */
export function emojiLabel(label: string, known: KnownEmoji = isKnownEmoji): string {
  if (!label.includes(':')) return label;
  const kept = label.replace(SHORTCODE, keptIfKnown(known)).replace(/ {2,}/g, ' ').trim();
  if (kept) return kept;
  return label.replace(SHORTCODE, (code: string) => ` ${code.slice(1, -1).replace(/[_-]/g, ' ')} `).replace(/\s+/g, ' ').trim() || label;
}
