import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAIN_TIMEOUT_MS } from '../../src/app.js';
import { postSigned } from '../../src/sandbox/signing.js';
import { SIGNING_SECRET, textOf } from '../harness/harness.js';
import { type BotProcess, cpuSeconds, type Fakes, killBot, slash, spawnBot, startFakes } from '../harness/processes.js';

/** A request the bot refuses and logs a warning about (a timestamp an hour ahead). */
const loggedRefusal = (bot: BotProcess) => postSigned(bot.eventsUrl, SIGNING_SECRET, 'command=%2Fbuildkite&text=help', { timestamp: Math.floor(Date.now() / 1000) + 3600 });

/**
 * A log collector restarting, or a pipe whose reader went away: the bot's stdout and stderr are closed
 * under it. It must keep serving, use no CPU for the lines it can no longer write, and still stop on
 * SIGTERM within its drain time.
 */
describe('a bot whose log reader went away', () => {
  let fakes: Fakes;
  let bot: BotProcess | undefined;
  let dir: string;

  beforeAll(async () => {
    fakes = await startFakes();
    fakes.connect('U0JANE', 'Jane Doe');
    dir = mkdtempSync(join(tmpdir(), 'bot-closed-output-'));
  });
  afterAll(async () => {
    await killBot(bot);
    await fakes?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps serving without spinning, then exits 0 on SIGTERM within its drain time', async () => {
    bot = await spawnBot(fakes, `sqlite:${join(dir, 'bot.db')}`, { LOG_LEVEL: 'info' });
    const pid = bot.child.pid!;
    // The reading ends of both pipes go away: every line the bot writes now fails with EPIPE.
    bot.child.stdout!.destroy();
    bot.child.stderr!.destroy();
    for (let i = 0; i < 5; i++) expect((await loggedRefusal(bot)).status).toBe(401);

    // With nothing to do, the process uses (almost) no CPU; a spinning one uses seconds (2 s measured before this was fixed).
    await new Promise((r) => setTimeout(r, 500));
    const cpuBefore = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, 3_000));
    const cpuUsed = cpuSeconds(pid) - cpuBefore;
    expect(cpuUsed, `CPU seconds used in 3 idle seconds`).toBeLessThan(0.3);
    expect(bot.child.exitCode).toBeNull();
    // And it still answers.
    const reply = await (await slash(fakes, bot, 'U0JANE', 'C0CLOSED', 'help')).reply();
    expect(textOf(reply.body)).toContain('status');

    const signalled = Date.now();
    bot.child.kill('SIGTERM');
    const exit = await Promise.race([bot.exited, new Promise((r) => setTimeout(() => r('still running'), DRAIN_TIMEOUT_MS + 5_000))]);
    expect(exit).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(DRAIN_TIMEOUT_MS + 5_000);
  }, 60_000);

  it('stdout alone closed: said once on stderr; the bot serves and stops as usual', async () => {
    const quiet = await spawnBot(fakes, `sqlite:${join(dir, 'bot-stdout.db')}`, { LOG_LEVEL: 'info' });
    try {
      quiet.child.stdout!.destroy();
      // Info lines go to stdout: the first one fails, and stderr says so once.
      for (let i = 0; i < 3; i++) await (await slash(fakes, quiet, 'U0JANE', 'C0CLOSED', 'help')).reply();
      quiet.child.kill('SIGTERM');
      expect(await quiet.exited).toBe(0);
      expect(quiet.output().match(/stdout was closed \(EPIPE\): its log lines are dropped from now on/g)).toHaveLength(1);
      expect(quiet.output()).not.toContain('uncaught');
    } finally {
      await killBot(quiet);
    }
  }, 60_000);

  it('an exception nothing caught: one line on stderr, then exit 70 for the supervisor to restart', async () => {
    // Something outside any request throws once the bot serves (a timer, an emitter without a listener):
    // here a timer the test arms with SIGUSR2.
    const thrower = `data:text/javascript,${encodeURIComponent("process.on('SIGUSR2', () => setTimeout(() => { throw new Error('thrown by nobody') }))")}`;
    const crashing = await spawnBot(fakes, `sqlite:${join(dir, 'bot-crash.db')}`, { NODE_OPTIONS: `--import=${thrower}` });
    try {
      crashing.child.kill('SIGUSR2');
      expect(await Promise.race([crashing.exited, new Promise((r) => setTimeout(() => r('still running'), 20_000))])).toBe(70);
      expect(crashing.output().match(/uncaught exception, exiting for a restart: Error: thrown by nobody/g)).toHaveLength(1);
    } finally {
      await killBot(crashing);
    }
  }, 60_000);
});
