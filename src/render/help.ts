import { escapeMrkdwn, inlineCode } from './escape.js';
import { type Message, context, section } from './message.js';

export interface SubcommandHelp {
  usage: string;
  description: string;
}

export function help(subcommands: SubcommandHelp[], unknown?: string): Message {
  const lines = subcommands.map((s) => `${inlineCode(`/buildkite ${s.usage}`)} ${escapeMrkdwn(s.description)}`);
  const intro = unknown !== undefined ? `:question: Unknown subcommand ${inlineCode(unknown)}. Here is what I can do:` : '*Buildkite from Slack*';
  return {
    text: unknown !== undefined ? `Unknown subcommand "${unknown}". Try /buildkite help.` : 'Buildkite from Slack: /buildkite help',
    blocks: [section(intro), section(lines.join('\n')), context('Every action runs as you, with your own Buildkite permissions.')],
  };
}
