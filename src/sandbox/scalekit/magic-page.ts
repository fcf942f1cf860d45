import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BuildkiteCaller } from '../buildkite-org/contract.js';
import type { AccountStore } from './accounts.js';
import { readBody } from './tokens.js';

export interface MagicPageDeps {
  accounts: AccountStore;
  onAuthorize?: (identifier: string) => BuildkiteCaller | Promise<BuildkiteCaller>;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function page(res: ServerResponse, status: number, title: string, body: string): void {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
button{font-size:1rem;padding:.5rem 1.25rem;cursor:pointer}code{background:#f2f2f2;padding:0 .25rem}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
  });
  res.end(html);
}

/** `GET /magic/<token>` shows the authorization page; `POST` to the same URL authorizes the account. */
export async function handleMagicLink(deps: MagicPageDeps, token: string, req: IncomingMessage, res: ServerResponse) {
  const link = deps.accounts.link(token);
  if (!link) {
    page(res, 404, 'Link expired', '<p>This authorization link is invalid or has expired. Ask the bot for a new one.</p>');
    return;
  }
  const who = `<code>${escapeHtml(link.identifier)}</code>`;
  const connector = `<code>${escapeHtml(deps.accounts.connector)}</code>`;
  if (req.method === 'GET' || req.method === 'HEAD') {
    const action = deps.onAuthorize
      ? `<form method="post"><button type="submit">Authorize</button></form>`
      : `<p>This sandbox has no sign-in: authorization must be completed from the harness
         (<code>completeAuthorization(identifier, caller)</code>).</p>`;
    page(
      res,
      200,
      'Connect Buildkite',
      `<p>Allow ${who} to use Buildkite through the ${connector} connection.</p>
       <p>This link expires at ${escapeHtml(link.expiresAt.toISOString())}.</p>${action}`,
    );
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'GET, POST' }).end();
    return;
  }
  await readBody(req); // the form carries nothing; drain it so the connection can be reused
  if (!deps.onAuthorize) {
    page(res, 409, 'Not available', '<p>Authorization must be completed from the harness.</p>');
    return;
  }
  try {
    const caller = await deps.onAuthorize(link.identifier);
    const { redirect } = deps.accounts.completeLink(link, caller);
    if (redirect) {
      res.writeHead(302, { location: redirect, 'cache-control': 'no-store' }).end();
      return;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    page(res, 403, 'Authorization refused', `<p>${escapeHtml(reason)}</p>`);
    return;
  }
  page(res, 200, 'Connected', `<p>${who} is now connected to Buildkite. You can return to Slack.</p>`);
}
