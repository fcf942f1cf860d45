import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackApiFake } from '../../../src/sandbox/slack-api/index.js';
import { BOT_TOKEN, quiet, slackError } from '../../harness/slack-fake-fixture.js';

const fake = new SlackApiFake({ botToken: BOT_TOKEN });
const limited = new SlackApiFake({ botToken: BOT_TOKEN, botScopes: ['chat:write'] });
let web: WebClient;
const URL_A = 'https://buildkite.com/acme/web/builds/1';
const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } });

beforeAll(async () => {
  await Promise.all([fake.start(), limited.start()]);
  web = new WebClient(BOT_TOKEN, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logger: quiet });
});
afterAll(async () => Promise.all([fake.stop(), limited.stop()]));
beforeEach(() => fake.reset());

describe('SlackApiFake: chat.unfurl', () => {
  it('attaches a preview to a shared link by channel and ts, and a second call replaces it', async () => {
    const event = fake.shareLinks('C1', 'U1', [URL_A]);
    expect(event.event).toMatchObject({ type: 'link_shared', channel: 'C1', user: 'U1', source: 'conversations_history', links: [{ domain: 'buildkite.com', url: URL_A }] });
    expect(fake.messages('C1').map((m) => m.ts)).toEqual([event.event.message_ts]);
    await web.chat.unfurl({ channel: 'C1', ts: String(event.event.message_ts), unfurls: { [URL_A]: { blocks: [section('first')] } } });
    await web.chat.unfurl({ channel: 'C1', ts: String(event.event.message_ts), unfurls: { [URL_A]: { blocks: [section('second')] } } });
    expect(JSON.stringify(fake.unfurlsOf(event))).toContain('second');
    expect(JSON.stringify(fake.unfurlsOf(event))).not.toContain('first');
  });

  it('a composer link is unfurled only by unfurl_id and source; its channel is COMPOSER and message_ts is the unfurl id', async () => {
    const event = fake.shareLinks('C1', 'U1', [URL_A], { composer: true });
    expect(event.event.channel).toBe('COMPOSER');
    expect(event.event.message_ts).toBe(event.event.unfurl_id);
    expect(fake.messages('C1')).toEqual([]);
    expect((await slackError(web.chat.unfurl({ channel: 'COMPOSER', ts: String(event.event.message_ts), unfurls: { [URL_A]: { blocks: [section('x')] } } }))).error).toBe('cannot_find_channel');
    await web.chat.unfurl({ unfurl_id: String(event.event.unfurl_id), source: 'composer', unfurls: { [URL_A]: { blocks: [section('draft')] } } });
    expect(JSON.stringify(fake.unfurlsOf(event))).toContain('draft');
  });

  it('refuses a URL no link_shared named, an unknown message, too many blocks, and a token without links:write', async () => {
    const event = fake.shareLinks('C1', 'U1', [URL_A]);
    const ts = String(event.event.message_ts);
    expect((await slackError(web.chat.unfurl({ channel: 'C1', ts, unfurls: { 'https://buildkite.com/acme/web/builds/2': { blocks: [section('x')] } } }))).error).toBe('cannot_unfurl_url');
    expect((await slackError(web.chat.unfurl({ channel: 'C1', ts: '1.000009', unfurls: { [URL_A]: { blocks: [section('x')] } } }))).error).toBe('cannot_find_message');
    const tooMany = await slackError(web.chat.unfurl({ channel: 'C1', ts, unfurls: { [URL_A]: { blocks: Array.from({ length: 51 }, (_, i) => section(`b${i}`)) } } }));
    expect(tooMany.error).toBe('invalid_blocks');
    expect(fake.unfurlsOf(event)).toEqual({});
    const other = new WebClient(BOT_TOKEN, { slackApiUrl: limited.url, retryConfig: { retries: 0 }, logger: quiet });
    const there = limited.shareLinks('C1', 'U1', [URL_A]);
    expect((await slackError(other.chat.unfurl({ channel: 'C1', ts: String(there.event.message_ts), unfurls: { [URL_A]: { blocks: [section('x')] } } }))).error).toBe('missing_scope');
  });

  it('app_home_opened carries the view published before, and only then', async () => {
    expect(fake.appHomeOpened('U1').event.view).toBeUndefined();
    await web.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [section('hi')] } });
    expect(fake.appHomeOpened('U1').event).toMatchObject({ type: 'app_home_opened', user: 'U1', tab: 'home', view: { type: 'home' } });
    const tooMany = await slackError(web.views.publish({ user_id: 'U1', view: { type: 'home', blocks: Array.from({ length: 101 }, (_, i) => section(`b${i}`)) } }));
    expect(tooMany.error).toBe('invalid_arguments');
  });
});
