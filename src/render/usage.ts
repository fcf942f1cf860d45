import { escapeMrkdwn, inlineCode } from './escape.js';
import { type Message, simple } from './message.js';

/** A command typed wrong: what was wrong, and how it is typed. */
export function usage(problem: string, usageLine: string): Message {
  return simple(`:information_source: ${escapeMrkdwn(problem)}\nUsage: ${inlineCode(`/buildkite ${usageLine}`)}`);
}
