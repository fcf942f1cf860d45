// chat.unfurl for the Slack fake: previews of links the app was told of by `link_shared`.

import { validateBlocks } from './block-kit.js';
import { asString } from './http.js';
import { fail, ok, type MethodHandler } from './methods-common.js';
import type { SharedLink } from './state.js';

/**
 * Slack's rules: the target is `channel` + `ts` or `unfurl_id` + `source`; only URLs of a link_shared
 * event can be unfurled (`cannot_unfurl_url`); each preview is an attachment whose blocks follow the
 * message limits; a second call replaces the first.
 */
const unfurl: MethodHandler = (ctx, args) => {
  if (!ctx.info.hasScope('links:write')) return fail('missing_scope', { needed: 'links:write' });
  const target = findTarget(ctx.state.sharedLinks.values(), args);
  if ('error' in target) return fail(target.error);
  const unfurls = args.unfurls;
  if (typeof unfurls !== 'object' || unfurls === null || Array.isArray(unfurls)) return fail('invalid_unfurls_format');
  const messages: string[] = [];
  for (const [url, attachment] of Object.entries(unfurls as Record<string, unknown>)) {
    if (!target.link.urls.includes(url)) return fail('cannot_unfurl_url');
    if (typeof attachment !== 'object' || attachment === null) return fail('cannot_parse_attachment');
    const blocks = (attachment as { blocks?: unknown }).blocks;
    if (blocks !== undefined) messages.push(...validateBlocks(blocks, 'message', `/unfurls/${url}/blocks`));
  }
  if (messages.length > 0) return fail('invalid_blocks', { response_metadata: { messages } });
  Object.assign(target.link.unfurls, structuredClone(unfurls));
  ctx.state.changed();
  return ok();
};

function findTarget(links: Iterable<SharedLink>, args: Record<string, unknown>): { link: SharedLink } | { error: string } {
  const unfurlId = asString(args.unfurl_id);
  const source = asString(args.source);
  const channel = asString(args.channel);
  const ts = asString(args.ts);
  for (const link of links) {
    if (unfurlId !== undefined) {
      if (link.unfurlId === unfurlId && link.source === source) return { link };
    } else if (channel !== undefined && ts !== undefined && channel !== 'COMPOSER') {
      if (link.channel === channel && link.messageTs === ts) return { link };
    }
  }
  if (unfurlId === undefined && (channel === undefined || ts === undefined)) return { error: 'invalid_arguments' };
  if (channel === 'COMPOSER') return { error: 'cannot_find_channel' };
  return { error: 'cannot_find_message' };
}

export const unfurlMethods: Record<string, MethodHandler> = { 'chat.unfurl': unfurl };
