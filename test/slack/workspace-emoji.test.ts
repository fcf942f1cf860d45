import { WebClient } from '@slack/web-api';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SlackApiFake } from '../../src/sandbox/slack-api/index.js';
import { emojiLabel, setWorkspaceEmoji } from '../../src/render/emoji.js';
import { followWorkspaceEmoji } from '../../src/slack/workspace-emoji.js';
import { createLogger } from '../../src/logger.js';
import { BOT_TOKEN, quiet } from '../harness/slack-fake-fixture.js';

const fakes: SlackApiFake[] = [];
async function workspace(botScopes?: string[]) {
  const fake = new SlackApiFake({ botToken: BOT_TOKEN, ...(botScopes ? { botScopes } : {}) });
  await fake.start();
  fakes.push(fake);
  return { fake, client: new WebClient(BOT_TOKEN, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logger: quiet }) };
}
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
};

afterEach(() => setWorkspaceEmoji([]));
afterAll(async () => {
  for (const fake of fakes) await fake.stop();
});

describe('the workspace\'s own emoji', () => {
  it('are read with emoji.list (aliases too), so labels keep the Buildkite shortcodes the workspace has', async () => {
    const { fake, client } = await workspace();
    fake.addCustomEmoji({ jest: 'https://emoji.slack-edge.com/T0/jest/1.png', rspec: 'alias:jest' });
    const follow = followWorkspaceEmoji(client, createLogger('error'));
    await until(() => emojiLabel(':jest: Tests') !== 'Tests');
    follow.stop();
    expect(emojiLabel(':jest: Tests')).toBe(':jest: Tests');
    expect(emojiLabel(':rspec: :docker: Specs')).toBe(':rspec: Specs');
  });

  it('without emoji:read, labels keep standard emoji only and the operator is told once', async () => {
    const { client } = await workspace(['chat:write']);
    const warnings: string[] = [];
    const logger = { ...createLogger('error'), warn: (...args: unknown[]) => void warnings.push(args.join(' ')) };
    const follow = followWorkspaceEmoji(client, logger);
    await until(() => warnings.length > 0);
    follow.stop();
    expect(warnings).toEqual([expect.stringContaining('missing_scope: add the emoji:read scope')]);
    expect(emojiLabel(':jest: Tests')).toBe('Tests');
  });
});
