import { isMap, isSeq, parseDocument } from 'yaml';
import { SLACK_EVENTS_PATH } from '../src/slack/http-server.js';

/** Where Slack reaches this deployment: its public URL (HTTP mode), or a socket the bot opens (Socket Mode). */
export type Delivery = { mode: 'http'; url: string } | { mode: 'socket' };

/**
 * manifest.yml as this deployment needs it: in HTTP mode every request URL (the slash command, events,
 * interactivity) is the instance's own and Socket Mode is off; in Socket Mode the URLs are left as they
 * are (Slack ignores them) and Socket Mode is on. Comments stay, so the operator still reads why each
 * scope is asked for. Throws on a URL Slack would refuse (not https, or with a query or fragment).
 */
export function appManifest(template: string, delivery: Delivery): string {
  const doc = parseDocument(template);
  if (delivery.mode === 'http') {
    const endpoint = requestUrl(delivery.url);
    const commands = doc.getIn(['features', 'slash_commands']);
    if (isSeq(commands)) for (const command of commands.items) if (isMap(command)) command.set('url', endpoint);
    doc.setIn(['settings', 'event_subscriptions', 'request_url'], endpoint);
    doc.setIn(['settings', 'interactivity', 'request_url'], endpoint);
  }
  doc.setIn(['settings', 'socket_mode_enabled'], delivery.mode === 'socket');
  return doc.toString({ lineWidth: 0 });
}

/** The one path the bot serves Slack on, under the deployment's public URL (a path prefix is kept). */
export function requestUrl(publicUrl: string): string {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new Error(`${publicUrl} is not a URL: give the bot's public address, such as https://bot.example.com`);
  }
  if (url.protocol !== 'https:') throw new Error(`Slack sends requests only to https URLs, not ${url.protocol}//`);
  if (url.search || url.hash) throw new Error('The public URL takes no query or fragment.');
  // The base URL, or the request URL itself pasted by mistake: either way `…/slack/events` once.
  const base = url.pathname.replace(/\/+$/, '').replace(new RegExp(`${SLACK_EVENTS_PATH}$`), '');
  return `${url.origin}${base}${SLACK_EVENTS_PATH}`;
}
