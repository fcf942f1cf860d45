import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FEATURES } from '../src/features/index.js';

interface Manifest {
  features: { unfurl_domains?: string[]; app_home?: { home_tab_enabled?: boolean; messages_tab_enabled?: boolean; messages_tab_read_only_enabled?: boolean } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions?: { bot_events?: string[] } };
}

describe('manifest.yml', () => {
  const manifest = parse(readFileSync('manifest.yml', 'utf8')) as Manifest;

  it('subscribes to exactly the events the features listen to, with the scopes and settings they need', () => {
    const listened = [...new Set(FEATURES.flatMap((f) => f.events.map((e) => e.event)))].sort();
    expect([...(manifest.settings.event_subscriptions?.bot_events ?? [])].sort()).toEqual(listened);
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['links:read', 'links:write', 'chat:write', 'im:write']));
    expect(manifest.features.unfurl_domains).toEqual(['buildkite.com']);
    expect(manifest.features.app_home?.home_tab_enabled).toBe(true);
  });

  it('shows DMs in the Messages tab, which takes typing only if a feature answers it', () => {
    const listened = FEATURES.flatMap((f) => f.events.map((e) => e.event as string));
    const answersDms = listened.includes('message') || (manifest.settings.event_subscriptions?.bot_events ?? []).includes('message.im');
    // The bot's DMs (links, personal cards, downloads) are read there.
    expect(manifest.features.app_home?.messages_tab_enabled).toBe(true);
    // Nobody should type into a conversation the bot never reads.
    expect(manifest.features.app_home?.messages_tab_read_only_enabled).toBe(!answersDms);
    expect(manifest.oauth_config.scopes.bot.includes('im:history')).toBe(answersDms);
  });
});
