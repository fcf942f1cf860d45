/**
 * Splits the text after `/buildkite` into words and `key:value` options. Quotes keep spaces together:
 * `incident pause linux reason:"disk full on ci-7"` → words [incident, pause, linux], options {reason}.
 */
export interface ParsedArgs {
  words: string[];
  options: Record<string, string>;
}

const TOKEN = /(\w[\w-]*):"([^"]*)"|(\w[\w-]*):(\S+)|"([^"]*)"|(\S+)/g;

export function parseArgs(text: string): ParsedArgs {
  const words: string[] = [];
  const options: Record<string, string> = {};
  // Slack turns typed quotes into curly ones on some clients.
  const normalised = text.replace(/[\u201c\u201d]/g, '"').trim();
  for (const m of normalised.matchAll(TOKEN)) {
    const [, qKey, qValue, key, value, quoted, word] = m;
    if (qKey !== undefined) options[qKey.toLowerCase()] = qValue ?? '';
    else if (key !== undefined && !/^https?$/i.test(key)) options[key.toLowerCase()] = value ?? '';
    else if (quoted !== undefined) words.push(quoted);
    else words.push(key !== undefined ? `${key}:${value}` : (word ?? ''));
  }
  return { words, options };
}
