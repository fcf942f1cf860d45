import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgedSlackHeaders } from '../../bench/stalled-posts.js';
import { postSigned } from '../../src/sandbox/signing.js';
import { SIGNING_SECRET, textOf } from '../harness/harness.js';
import { type BotProcess, type Fakes, killBot, slash, spawnBot, startFakes, until } from '../harness/processes.js';

/** Sends a body of `bytes` bytes with a signature of the right shape that no secret made; resolves with the status (or 'reset'). */
function postLarge(url: string, bytes: number): Promise<number | 'reset'> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers: { ...forgedSlackHeaders(), 'content-length': String(bytes) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve('reset'));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        const size = Math.min(chunk.length, bytes - sent);
        sent += size;
        if (!req.write(size === chunk.length ? chunk : chunk.subarray(0, size))) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('the bot process under hostile requests', () => {
  let fakes: Fakes;
  let bot: BotProcess;
  let dir: string;

  beforeAll(async () => {
    fakes = await startFakes();
    fakes.connect('U0JANE', 'Jane Doe');
    dir = mkdtempSync(join(tmpdir(), 'bot-hostile-'));
    bot = await spawnBot(fakes, `sqlite:${join(dir, 'bot.db')}`, { LOG_LEVEL: 'warn' });
  });
  afterAll(async () => {
    await killBot(bot);
    await fakes?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a signed payload=null leaves the process serving', async () => {
    for (const payload of ['null', '1', '"x"', '[]', '{}']) {
      const res = await postSigned(bot.eventsUrl, SIGNING_SECRET, `payload=${encodeURIComponent(payload)}`);
      expect(res.status).toBeLessThan(500);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(bot.child.exitCode).toBeNull();
    const reply = await (await slash(fakes, bot, 'U0JANE', 'C0HOSTILE', 'help')).reply();
    expect(textOf(reply.body)).toContain('status');
  });

  it('refuses bodies over 256 KiB before reading them', async () => {
    const statuses = await Promise.all(Array.from({ length: 8 }, () => postLarge(bot.eventsUrl, 4 * 1024 * 1024)));
    for (const status of statuses) expect(status === 413 || status === 'reset').toBe(true);
    expect(bot.child.exitCode).toBeNull();
  });

  it('holds LOG_LEVEL: nothing below warn is written', async () => {
    await until(() => bot.output().length >= 0, 1000, 'output');
    expect(bot.output()).not.toMatch(/\[INFO\]|\binfo\b.*listening|\[DEBUG\]/i);
  });
});
