import { escapeMrkdwn } from './escape.js';
import { slackTime } from './time.js';

/** The note left in a message's thread after an action on it: who did what, and when. */
export function threadNote(who: string, verb: string, what: string, at: Date): string {
  return `<@${who}> ${verb} *${escapeMrkdwn(what)}* at ${slackTime(at)}`;
}
