import { describe, expect, it } from 'vitest';
import { rateLimitAwareFetch } from '../../src/slack/rate-limited-fetch.js';

const API = 'http://slack.test/api/';

describe('rateLimitAwareFetch', () => {
  it('tells of each rate limit by Web API method, a 429 or the 200 that says it, and hands both on as a 429', async () => {
    const answers: Record<string, () => Response> = {
      'chat.update': () => new Response('{"ok":false,"error":"ratelimited"}', { status: 200 }),
      'chat.postMessage': () => new Response('', { status: 429, headers: { 'retry-after': '2' } }),
      'users.info': () => new Response('{"ok":true}', { status: 200 }),
    };
    const base = (async (url: string | URL) => {
      const address = String(url);
      return address.startsWith(API) ? answers[address.slice(API.length)]!() : new Response('', { status: 429 });
    }) as typeof fetch;
    const limited: string[] = [];
    const send = rateLimitAwareFetch(API, { base, rateLimited: (method) => limited.push(method) });
    expect((await send(`${API}chat.update`, {})).status).toBe(429);
    expect((await send(`${API}chat.postMessage`, {})).status).toBe(429);
    expect((await send(`${API}users.info`, {})).status).toBe(200);
    // A response_url is no method: passed on untouched and not counted.
    expect((await send('http://slack.test/hooks/response/T1/abc', {})).status).toBe(429);
    expect(limited).toEqual(['chat.update', 'chat.postMessage']);
  });
});
