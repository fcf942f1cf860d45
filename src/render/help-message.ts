import { escapeMrkdwn, inlineCode } from './escape.js';
import { type Message, context, section } from './message.js';

export interface SubcommandHelp {
  usage: string;
  description: string;
}

/** An unknown subcommand that is one or two keystrokes from a real one: said first, before the whole list. */
export function didYouMean(unknown: string, suggestion: string, usageOfSuggestion: string): Message {
  const text = `:question: Unknown subcommand ${inlineCode(unknown)}. Did you mean ${inlineCode(suggestion)}? ${inlineCode(`/buildkite ${usageOfSuggestion}`)}`;
  return { text: `Unknown subcommand "${unknown}". Did you mean "${suggestion}"?`, blocks: [section(text), context('`/buildkite help` lists everything.')] };
}

export function help(subcommands: SubcommandHelp[], unknown?: string): Message {
  const lines = subcommands.map((s) => `${inlineCode(`/buildkite ${s.usage}`)} ${escapeMrkdwn(s.description)}`);
  const intro = unknown !== undefined ? `:question: Unknown subcommand ${inlineCode(unknown)}. Here is what I can do:` : '*Buildkite from Slack*';
  return {
    text: unknown !== undefined ? `Unknown subcommand "${unknown}". Try /buildkite help.` : 'Buildkite from Slack: /buildkite help',
    blocks: [section(intro), ...chunk(lines, 2900).map(section), context('Every action runs as you, with your own Buildkite permissions.')],
  };
}

/** Joins lines into texts of at most `max` characters (a section holds 3000). */
function chunk(lines: string[], max: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const last = out.at(-1);
    if (last !== undefined && last.length + line.length + 1 <= max) out[out.length - 1] = `${last}\n${line}`;
    else out.push(line.slice(0, max));
  }
  return out;
}
