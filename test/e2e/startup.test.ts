import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fakes, spawnBot, startFakes } from './processes.js';

/** The bot's start on a real process: what an operator sees when Slack refuses it or cannot be reached. */
describe('a first start that explains itself', () => {
  let fakes: Fakes;
  const db = () => `sqlite:${join(mkdtempSync(join(tmpdir(), 'startup-')), 'bot.db')}`;
  const failedStart = async (env: Record<string, string> = {}) => {
    const error = await spawnBot(fakes, db(), env).then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    expect(error, 'the bot must not start').toBeDefined();
    return error!;
  };
  beforeAll(async () => {
    fakes = await startFakes();
  });
  afterAll(async () => fakes.stop());

  it('a token Slack answers invalid_auth: one readable line naming the variable, exit 78, no stack trace, never "listening"', async () => {
    fakes.slack.failNext('auth.test', 'invalid_auth');
    const output = await failedStart();
    expect(output).toMatch(/bot exited \(78\)/);
    expect(output).toContain('Slack refused SLACK_BOT_TOKEN (invalid_auth): check SLACK_BOT_TOKEN');
    expect(output).not.toMatch(/\n\s+at /);
    // What the process itself printed (the first line is the test's own): nothing says it listens.
    expect(output.split('\n').slice(1).join('\n')).not.toContain('listening');
  });

  it('a revoked token says to reinstall; an unreachable Slack exits 69 naming SLACK_API_URL', async () => {
    fakes.slack.failNext('auth.test', 'token_revoked');
    expect(await failedStart()).toContain('(token_revoked): the token was revoked: reinstall the app');
    const unreachable = await failedStart({ SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    expect(unreachable).toMatch(/bot exited \(69\)/);
    expect(unreachable).toContain('Slack could not be reached at http://127.0.0.1:9/api/');
    expect(unreachable).toContain('SLACK_API_URL');
  });
});
