import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/sandbox/slack-api/index.js';
import { blockActionsPayload, interactionBody, postSigned } from '../../src/sandbox/signing.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';
import { createTestSchema, TEST_DATABASE_URL, warnIfNoPostgres } from '../store/backends.js';
import { SIGNING_SECRET, textOf } from '../harness/harness.js';
import { type BotProcess, type Fakes, killBot, retryButton, slash, spawnBot, startFakes, until } from '../harness/processes.js';

const CHANNEL = 'C0CRASH';

interface Location {
  databaseUrl: string;
  /** Opens the same data from the test process, to read what the bot left behind. */
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

async function sqliteLocation(): Promise<Location> {
  const dir = mkdtempSync(join(tmpdir(), 'bot-crash-'));
  const path = join(dir, 'bot.db');
  return { databaseUrl: `sqlite:${path}`, open: async () => new SqliteStore(path), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgresLocation(): Promise<Location> {
  const schema = await createTestSchema(TEST_DATABASE_URL!);
  return { databaseUrl: schema.url, open: () => PostgresStore.open(schema.url), dispose: () => schema.drop() };
}

function crashSuite(name: string, makeLocation: () => Promise<Location>) {
  describe(`${name}: restarts, SIGKILL and SIGTERM`, () => {
    let fakes: Fakes;
    let location: Location;
    let janeBk: string;
    const bots: BotProcess[] = [];
    const start = async (env: Record<string, string> = {}) => {
      const bot = await spawnBot(fakes, location.databaseUrl, env);
      bots.push(bot);
      return bot;
    };

    beforeAll(async () => {
      fakes = await startFakes();
      location = await makeLocation();
      janeBk = fakes.connect('U0JANE', 'Jane Doe');
      fakes.org.addPipeline({ slug: 'web', name: 'Web' });
    });
    afterAll(async () => {
      for (const bot of bots) await killBot(bot);
      await fakes?.stop();
      await location?.dispose();
    });

    const failedBuild = (label: string) =>
      fakes.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'c'.repeat(40), message: label, creator: janeBk, jobs: [{ name: label, state: 'failed', exitStatus: 1, logLines: ['boom'] }] });

    async function card(bot: BotProcess, number: number): Promise<StoredMessage> {
      const before = fakes.slack.messages(CHANNEL).filter((m) => !m.thread_ts).length;
      await slash(fakes, bot, 'U0JANE', CHANNEL, `build web ${number}`);
      return fakes.slack.waitFor(() => fakes.slack.messages(CHANNEL).filter((m) => !m.thread_ts)[before], 15_000, 'build card');
    }

    async function clickRetry(bot: BotProcess, message: StoredMessage) {
      const retry = retryButton(message);
      if (!retry) throw new Error('no Retry button on the card');
      const payload = blockActionsPayload({
        userId: 'U0JANE',
        channelId: CHANNEL,
        messageTs: message.ts,
        messageText: message.text,
        messageBlocks: message.blocks,
        action: retry,
        responseUrl: fakes.slack.createResponseUrl(CHANNEL, 'U0JANE'),
      });
      expect((await postSigned(bot.eventsUrl, SIGNING_SECRET, interactionBody(payload))).status).toBe(200);
    }

    const cardSays = (message: StoredMessage, text: string) => fakes.slack.messages(CHANNEL).some((m) => m.ts === message.ts && textOf(m).includes(text));

    it('a process killed with SIGKILL mid-action keeps what it recorded; after a restart the action shows as started', async () => {
      const first = await start();
      expect(textOf((await (await slash(fakes, first, 'U0JANE', CHANNEL, 'link web')).reply()).body)).toContain('linked this channel');
      const done = failedBuild('Done before the crash');
      const doneCard = await card(first, done.number);
      await clickRetry(first, doneCard);
      await until(() => cardSays(doneCard, 'retried by'), 15_000, 'the first retry');

      const interrupted = failedBuild('Interrupted by the crash');
      const interruptedCard = await card(first, interrupted.number);
      fakes.scalekit.resetCounters();
      // Under the bot's 5 s control-plane timeout: the connection's record is compared first, then the retry waits.
      fakes.scalekit.latencyMs = 3_000;
      await clickRetry(first, interruptedCard);
      // The retry has reached Scalekit and is waiting on it: the audit entry is already written.
      await until(() => fakes.scalekit.attempts('executeTool') >= 1, 10_000, 'the retry call to start');
      first.child.kill('SIGKILL');
      expect(await first.exited).toBe('SIGKILL');
      fakes.scalekit.latencyMs = 0;

      // A short tool timeout, so the restarted bot soon knows no call of the interrupted one is in flight.
      const second = await start({ SCALEKIT_TOOL_TIMEOUT_MS: '2000' });
      // The channel link survived: status without a pipeline shows the linked pipeline's builds.
      const status = textOf((await (await slash(fakes, second, 'U0JANE', CHANNEL, 'status')).reply()).body);
      expect(status).toContain('Interrupted by the crash');
      expect(status).not.toContain('all pipelines');
      const audit = textOf((await (await slash(fakes, second, 'U0JANE', CHANNEL, 'audit')).reply()).body);
      const lines = audit.split('•').slice(1);
      // The two retries, newest first, then the channel's link (a channel change, audited since).
      expect(lines).toHaveLength(3);
      expect(lines[2]).toContain('`channel_link`');
      expect(lines[0]).toContain('retry_job');
      // Named as the reader can see it: the job's label, not its id.
      expect(lines[0]).toContain('retried *Interrupted by the crash* of *web #');
      expect(lines[0]).toContain('started (no outcome recorded)');
      expect(lines[0]).not.toContain('succeeded');
      expect(lines[1]).toContain('retried *Done before the crash* of *web #');
      expect(lines[1]).toContain('succeeded');
      expect(lines[1]).toMatch(/execution `[^`]+`/);

      // The card the crash left at "Retrying…" is drawn again from Buildkite, with a word about the restart.
      const restored = await until(() => fakes.slack.messages(CHANNEL).find((m) => m.ts === interruptedCard.ts && textOf(m).includes('The bot restarted')), 20_000, 'the interrupted card restored');
      expect(textOf(restored)).not.toContain('Retrying');
    });

    it('SIGTERM stops taking requests, finishes the action in flight, records it, and exits 0', async () => {
      const bot = bots.at(-1)!;
      const build = failedBuild('In flight at SIGTERM');
      const message = await card(bot, build.number);
      fakes.scalekit.resetCounters();
      fakes.scalekit.latencyMs = 1_500;
      await clickRetry(bot, message);
      await until(() => fakes.scalekit.attempts('executeTool') >= 1, 10_000, 'the retry call to start');
      bot.child.kill('SIGTERM');
      // A replica that is stopping takes no new work; a load balancer sends it elsewhere.
      await until(() => fetch(`${bot.url}/healthz`).then(() => false, () => true), 5_000, 'the listener to close');
      expect(await bot.exited).toBe(0);
      fakes.scalekit.latencyMs = 0;
      expect(fakes.org.getBuildJobs('web', build.number).filter((j) => j.retriesCount > 0 || j.retrySource)).toHaveLength(1);
      expect(cardSays(message, 'retried by')).toBe(true);
      expect(bot.output()).toContain('SIGTERM received');

      const store = await location.open();
      try {
        const [latest] = await store.latestAudit('T0SANDBOX', CHANNEL, 1);
        expect(latest).toMatchObject({ tool: 'retry_job', outcome: 'succeeded', input: { job_id: build.jobIds[0] } });
        expect(latest!.executionId).toBeTruthy();
      } finally {
        await store.close();
      }
    });
  });
}

crashSuite('SQLite', sqliteLocation);
warnIfNoPostgres('the restart / SIGKILL / SIGTERM end-to-end tests');
if (TEST_DATABASE_URL) crashSuite('PostgreSQL', postgresLocation);
else describe.skip('PostgreSQL: restarts, SIGKILL and SIGTERM (TEST_DATABASE_URL is not set)', () => it('skipped', () => undefined));
