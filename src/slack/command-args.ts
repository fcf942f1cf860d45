/**
 * Splits the text after `/buildkite` into words and `key:value` options. Quotes keep spaces together:
 * `incident pause linux reason:"disk full on ci-7"` → words [incident, pause, linux], options {reason}.
 */
export interface ParsedArgs {
  words: string[];
  options: Record<string, string>;
}

// `key: value` (a space after the colon, as people type) is read as `key:value`.
const TOKEN = /(\w[\w-]*):\s*"([^"]*)"|(\w[\w-]*):\s*(\S+)|"([^"]*)"|(\S+)/g;

/**
 * Slack sends slash-command text with `&`, `<` and `>` as entities. They are decoded once here, so
 * `R&D` reaches Buildkite as `R&D` and every renderer's escaping applies exactly once.
 */
function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function parseArgs(text: string): ParsedArgs {
  const words: string[] = [];
  const options: Record<string, string> = {};
  // Slack turns typed quotes into curly ones on some clients.
  const normalised = decodeSlackEntities(text).replace(/[\u201c\u201d]/g, '"').trim();
  for (const m of normalised.matchAll(TOKEN)) {
    const [, qKey, qValue, key, value, quoted, word] = m;
    if (qKey !== undefined) options[qKey.toLowerCase()] = qValue ?? '';
    else if (key !== undefined && !/^https?$/i.test(key)) options[key.toLowerCase()] = value ?? '';
    else if (quoted !== undefined) words.push(quoted);
    else words.push(key !== undefined ? `${key}:${value}` : (word ?? ''));
  }
  return { words, options };
}
