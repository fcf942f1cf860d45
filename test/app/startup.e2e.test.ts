import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotProcess, type Fakes, killBot, spawnBot, startFakes } from '../harness/processes.js';

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
  const readyz = async (bot: BotProcess) => (await fetch(`${bot.url}/readyz`)).status;

  it('a port another process holds is named by its variable (PORT or METRICS_PORT), with no stack trace', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, resolve));
    const taken = String((holder.address() as AddressInfo).port);
    try {
      const onPort = await failedStart({ PORT: taken });
      expect(onPort).toContain(`PORT ${taken} is already in use by another process`);
      expect(onPort).not.toMatch(/\n\s+at /);
      const onMetrics = await failedStart({ METRICS_PORT: taken });
      expect(onMetrics).toContain(`METRICS_PORT ${taken} is already in use by another process`);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  }, 60_000);
  const until = async (what: () => Promise<boolean> | boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!(await what())) {
      if (Date.now() > end) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    return true;
  };

  it('a token Slack answers invalid_auth: one readable line naming the variable, exit 78, no stack trace, never "listening"', async () => {
    fakes.slack.failNext('auth.test', 'invalid_auth');
    const output = await failedStart();
    expect(output).toMatch(/bot exited \(78\)/);
    expect(output).toContain('Slack refused SLACK_BOT_TOKEN (invalid_auth): check SLACK_BOT_TOKEN');
    expect(output).not.toMatch(/\n\s+at /);
    // What the process itself printed (the first line is the test's own): nothing says it listens.
    expect(output.split('\n').slice(1).join('\n')).not.toContain('listening');
  });

  it('Scalekit refusing the credentials: the bot listens, /readyz stays not ready, one line names both variables, no stack trace, nothing under LOG_LEVEL', async () => {
    let bot: BotProcess | undefined;
    try {
      bot = await spawnBot(fakes, db(), { SCALEKIT_CLIENT_SECRET: 'not-the-secret', LOG_LEVEL: 'warn' });
      expect(await until(() => bot!.output().includes('Scalekit refused'), 15_000)).toBe(true);
      expect(await readyz(bot)).toBe(503);
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      const lines = bot.output().split('\n').filter((l) => l.includes('Scalekit refused'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('SCALEKIT_CLIENT_ID / SCALEKIT_CLIENT_SECRET');
      expect(bot.output()).not.toMatch(/\n\s+at /);
      // LOG_LEVEL holds for every line, Bolt's and the SDKs' included.
      expect(bot.output()).not.toMatch(/\[(INFO|DEBUG)\]/);
    } finally {
      await killBot(bot);
    }
  });

  it('Scalekit down at start: /readyz says not ready, with a warning, until Scalekit answers', async () => {
    let bot: BotProcess | undefined;
    fakes.scalekit.setOutage('unavailable');
    try {
      bot = await spawnBot(fakes, db());
      expect(await readyz(bot)).toBe(503);
      expect(await until(() => bot!.output().includes('Scalekit is not answering'), 20_000)).toBe(true);
      expect(await readyz(bot)).toBe(503);
      fakes.scalekit.setOutage(null);
      expect(await until(async () => (await readyz(bot!)) === 200, 20_000)).toBe(true);
      expect(bot.output()).toContain('Scalekit answered after');
      expect(bot.output()).not.toMatch(/\n\s+at /);
    } finally {
      fakes.scalekit.setOutage(null);
      await killBot(bot);
    }
  }, 60_000);

  it('a revoked token says to reinstall; an unreachable Slack exits 69 naming SLACK_API_URL', async () => {
    fakes.slack.failNext('auth.test', 'token_revoked');
    expect(await failedStart()).toContain('(token_revoked): the token was revoked: reinstall the app');
    const unreachable = await failedStart({ SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    expect(unreachable).toMatch(/bot exited \(69\)/);
    expect(unreachable).toContain('Slack could not be reached at http://127.0.0.1:9/api/');
    expect(unreachable).toContain('SLACK_API_URL');
  });
});

describe('start-up configuration', () => {
  it('a missing SLACK_SIGNING_SECRET stops the bot with one readable message and a non-zero exit', () => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SCALEKIT_ENVIRONMENT_URL: 'http://127.0.0.1:9',
      SCALEKIT_CLIENT_ID: 'id',
      SCALEKIT_CLIENT_SECRET: 'secret',
      DOTENV_CONFIG_PATH: '/nonexistent/.env',
    };
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('SLACK_SIGNING_SECRET is required');
    expect(run.stderr).toContain('README.md, section "Configuration"');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(4);
  }, 40_000);

  it('with LOG_FORMAT=json (read leniently, before the rest is), the refusal is one JSON line', () => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SCALEKIT_ENVIRONMENT_URL: 'http://127.0.0.1:9',
      SCALEKIT_CLIENT_ID: 'id',
      SCALEKIT_CLIENT_SECRET: 'secret',
      DOTENV_CONFIG_PATH: '/nonexistent/.env',
      LOG_FORMAT: ' JSON ',
    };
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(78);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'error', name: 'buildkite-bot', message: expect.stringContaining('SLACK_SIGNING_SECRET is required') });
    // The configuration itself is strict: " JSON " is one of its errors, said in the JSON the variable asked for.
    expect(String(line.message)).toContain('LOG_FORMAT');
  }, 40_000);
});
