import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { appManifest, requestUrl } from '../../scripts/app-manifest.js';
import { SLACK_EVENTS_PATH } from '../../src/slack/http-server.js';

interface Manifest {
  features: { slash_commands: { url: string }[] };
  settings: { event_subscriptions: { request_url: string }; interactivity: { request_url: string }; socket_mode_enabled: boolean };
}

const template = readFileSync('manifest.yml', 'utf8');
const urlsOf = (m: Manifest) => [...m.features.slash_commands.map((c) => c.url), m.settings.event_subscriptions.request_url, m.settings.interactivity.request_url];
/** The manifest without what a deployment changes, to check nothing else moved. */
const rest = (m: Manifest) => {
  const copy = structuredClone(m);
  for (const c of copy.features.slash_commands) c.url = '';
  copy.settings.event_subscriptions.request_url = '';
  copy.settings.interactivity.request_url = '';
  copy.settings.socket_mode_enabled = false;
  return copy;
};

describe('the Slack app manifest for a deployment', () => {
  it('HTTP mode: the slash command, events and interactivity all go to the path the bot serves Slack on, Socket Mode off, nothing else changed', () => {
    const manifest = parse(appManifest(template, { mode: 'http', url: 'https://bot.acme.dev' })) as Manifest;
    expect(urlsOf(manifest)).toEqual(Array(3).fill(`https://bot.acme.dev${SLACK_EVENTS_PATH}`));
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(rest(manifest)).toEqual(rest(parse(template) as Manifest));
  });

  it('keeps a path prefix (a bot behind a shared ingress) and drops a trailing slash', () => {
    expect(requestUrl('https://tools.acme.dev/buildkite/')).toBe('https://tools.acme.dev/buildkite/slack/events');
    expect(requestUrl('https://bot.acme.dev:8443')).toBe('https://bot.acme.dev:8443/slack/events');
  });

  it('takes the request URL itself, pasted instead of the base URL, without doubling the path', () => {
    expect(requestUrl('https://bot.acme.dev/slack/events')).toBe('https://bot.acme.dev/slack/events');
    expect(requestUrl('https://tools.acme.dev/buildkite/slack/events/')).toBe('https://tools.acme.dev/buildkite/slack/events');
  });

  it('refuses a URL Slack would not call: not https, with a query, or not a URL', () => {
    expect(() => requestUrl('http://bot.acme.dev')).toThrow(/https/);
    expect(() => requestUrl('https://bot.acme.dev/?token=1')).toThrow(/query/);
    expect(() => requestUrl('bot.acme.dev')).toThrow(/not a URL/);
  });

  it('Socket Mode: on, the URLs as they were (Slack ignores them)', () => {
    const manifest = parse(appManifest(template, { mode: 'socket' })) as Manifest;
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(urlsOf(manifest)).toEqual(urlsOf(parse(template) as Manifest));
  });

  it('npm run manifest prints it, and says how to call it when asked wrongly (exit 64)', () => {
    const run = (...args: string[]) => spawnSync('npx', ['tsx', 'scripts/manifest.ts', ...args], { encoding: 'utf8' });
    const ok = run('--url', 'https://bot.acme.dev');
    expect(ok.status).toBe(0);
    expect((parse(ok.stdout) as Manifest).settings.interactivity.request_url).toBe('https://bot.acme.dev/slack/events');
    const wrong = run('--url', 'http://bot.acme.dev');
    expect(wrong.status).toBe(64);
    expect(wrong.stderr).toContain('Usage: npm run manifest');
    expect(run().status).toBe(64);
  }, 30_000);
});
