import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TOOL_NAMES } from '../../src/buildkite/tools.js';
import type { CheckRow } from '../../src/doctor/check-row.js';
import { exitCode, renderTable } from '../../src/doctor/render-table.js';
import { runDoctor } from '../../src/doctor/run-doctor.js';
import { FakeBuildkiteOrg } from '../../src/sandbox/buildkite-org/index.js';
import { ScalekitFake } from '../../src/sandbox/scalekit/index.js';
import { SlackApiFake } from '../../src/sandbox/slack-api/index.js';
import { maskCell } from '../../src/doctor/mask-cell.js';
import { MASK } from '../../src/render/mask.js';
import { manifestBotScopes } from '../../src/slack/manifest-scopes.js';
import { LATEST_VERSION } from '../../src/store/migrations.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { createTestSchema } from '../store/backends.js';

const BOT_TOKEN = 'xoxb-doctor-bot-token';
const APP_TOKEN = 'xapp-1-doctor-app-token';
const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5'.replace(/[yz]/g, 'e');
const SCALEKIT_SECRET = 'skc-secret-doctor-e2e';
const SLACK_CLIENT_SECRET = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const SECRETS = [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET, SCALEKIT_SECRET, SLACK_CLIENT_SECRET, 'hunter2'];

let slack: SlackApiFake;
let scalekit: ScalekitFake;
let health: Server;
let healthUrl: string;
let folder: string;
let databasePath: string;

/** A set-up where every check passes: HTTP mode, webhook, SQLite at the latest schema, PUBLIC_URL answering. */
function healthyEnv(): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    SCALEKIT_ENVIRONMENT_URL: scalekit.url,
    SCALEKIT_CLIENT_ID: 'skc_doctor',
    SCALEKIT_CLIENT_SECRET: SCALEKIT_SECRET,
    BUILDKITE_WEBHOOK_TOKEN: 'webhook-token-doctor',
    DATABASE_URL: `sqlite:${databasePath}`,
    PUBLIC_URL: healthUrl,
    SLACK_CLIENT_ID: '123.456',
    SLACK_CLIENT_SECRET,
  };
}

const row = (rows: CheckRow[], check: string) => {
  const found = rows.find((r) => r.check === check);
  if (!found) throw new Error(`no row ${check} in\n${renderTable(rows)}`);
  return found;
};

/** The doctor on `env`: its rows, and that the printed table names no secret. */
async function doctor(env: Record<string, string>): Promise<CheckRow[]> {
  const rows = await runDoctor(env);
  const table = renderTable(rows);
  for (const secret of SECRETS) expect(table).not.toContain(secret);
  // The script masks each cell (a second lock): no row's own words may look like a credential to it.
  for (const cell of rows.flatMap((r) => [r.detail, r.fix])) expect(maskCell(cell)).toBe(cell);
  return rows;
}

beforeAll(async () => {
  const org = new FakeBuildkiteOrg({ slug: 'acme', name: 'Acme' });
  scalekit = await new ScalekitFake({ org, clientId: 'skc_doctor', clientSecret: SCALEKIT_SECRET }).start();
  slack = new SlackApiFake({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  await slack.start();
  health = createServer((req, res) => {
    res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((done) => health.listen(0, '127.0.0.1', () => done()));
  healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}`;
  folder = mkdtempSync(join(tmpdir(), 'doctor-'));
  databasePath = join(folder, 'bot.db');
  // The bot has run once: the file is at the latest schema.
  await new SqliteStore(databasePath).close();
});

afterAll(async () => {
  await scalekit.stop();
  await slack.stop();
  await new Promise<void>((done) => health.close(() => done()));
  rmSync(folder, { recursive: true, force: true });
});

afterEach(() => {
  slack.setBotScopes(undefined);
  scalekit.configure({ withdrawnTools: [], connectionListing: 'on', toolListing: 'on' });
});

describe('npm run doctor', () => {
  it('says ok to every check of a healthy set-up, and exits 0', async () => {
    const rows = await doctor(healthyEnv());
    expect(rows.map((r) => r.check)).toEqual(['Slack token', 'Slack scopes', 'Signing secret', 'Scalekit credentials', 'Connector tools', 'Store', 'Notifications feed', 'PUBLIC_URL']);
    expect(rows.filter((r) => r.result !== 'ok'), renderTable(rows)).toEqual([]);
    expect(row(rows, 'Slack token').detail).toBe('workspace sandbox, bot user @buildkite');
    expect(row(rows, 'Connector tools').detail).toMatch(new RegExp(`^${TOOL_NAMES.length} of ${TOOL_NAMES.length}, newer: \\d of 3`));
    expect(row(rows, 'Store').detail).toBe(`SQLite, schema ${LATEST_VERSION} (latest)`);
    expect(exitCode(rows)).toBe(0);
  });

  it('checks the app-level token in Socket Mode, and refuses one Slack does not know', async () => {
    const { SLACK_SIGNING_SECRET: _unused, PUBLIC_URL: _url, SLACK_CLIENT_ID: _id, SLACK_CLIENT_SECRET: _secret, ...socket } = healthyEnv();
    const rows = await doctor({ ...socket, SLACK_APP_TOKEN: APP_TOKEN });
    expect(row(rows, 'Socket Mode')).toMatchObject({ result: 'ok' });
    expect(row(rows, 'PUBLIC_URL')).toMatchObject({ result: 'ok', detail: 'not set (not needed in Socket Mode)' });
    const refused = await doctor({ ...socket, SLACK_APP_TOKEN: 'xapp-1-someone-elses' });
    expect(row(refused, 'Socket Mode')).toMatchObject({ result: 'FAIL', detail: 'Slack refused SLACK_APP_TOKEN: invalid_auth' });
  });

  it('fails an invalid or revoked Slack token with what to do', async () => {
    const invalid = await doctor({ ...healthyEnv(), SLACK_BOT_TOKEN: 'xoxb-not-the-bots' });
    expect(row(invalid, 'Slack token')).toMatchObject({ result: 'FAIL', detail: 'Slack refused SLACK_BOT_TOKEN: invalid_auth', fix: expect.stringContaining('Bot User OAuth Token') });
    expect(exitCode(invalid)).toBe(1);
    slack.failNext('auth.test', 'token_revoked');
    const revoked = await doctor(healthyEnv());
    expect(row(revoked, 'Slack token')).toMatchObject({ result: 'FAIL', detail: 'Slack refused SLACK_BOT_TOKEN: token_revoked', fix: expect.stringContaining('reinstall the app') });
    const closed = await ScalekitFake.closedPortUrl();
    const unreachable = await doctor({ ...healthyEnv(), SLACK_API_URL: `${closed}/api/` });
    expect(row(unreachable, 'Slack token')).toMatchObject({ result: 'FAIL', detail: expect.stringContaining(`Slack not reachable at ${closed}/api/`), fix: 'check the network and SLACK_API_URL' });
    expect(row(unreachable, 'Slack scopes')).toMatchObject({ result: 'warn', detail: 'not checked: Slack did not answer' });
  });

  it('fails a scope the manifest asks for and the token lacks, naming what needs it', async () => {
    slack.setBotScopes(manifestBotScopes().filter((scope) => scope !== 'emoji:read'));
    const rows = await doctor(healthyEnv());
    expect(row(rows, 'Slack scopes')).toMatchObject({ result: 'FAIL', detail: expect.stringMatching(/^missing emoji:read \(job labels keep a Buildkite emoji/), fix: expect.stringContaining('reinstall the app') });
    expect(exitCode(rows)).toBe(1);
  });

  it('says an extra scope is granted but unused, without failing', async () => {
    slack.setBotScopes([...manifestBotScopes(), 'channels:history']);
    const rows = await doctor(healthyEnv());
    expect(row(rows, 'Slack scopes')).toMatchObject({ result: 'ok', detail: expect.stringContaining('also granted, unused: channels:history') });
  });

  it('fails a token pasted as the signing secret, or none in HTTP mode; warns of an unusual shape; never shows it', async () => {
    const pasted = await doctor({ ...healthyEnv(), SLACK_SIGNING_SECRET: BOT_TOKEN });
    expect(row(pasted, 'Signing secret')).toMatchObject({ result: 'FAIL', detail: 'a Slack token, not the signing secret, is set as SLACK_SIGNING_SECRET', fix: expect.stringContaining('Signing Secret') });
    const short = await doctor({ ...healthyEnv(), SLACK_SIGNING_SECRET: 'hunter2' });
    // The shape cannot prove a secret wrong (only a signed request could): a warning.
    expect(row(short, 'Signing secret')).toMatchObject({ result: 'warn', detail: "the signing secret is 7 characters, not 32 lowercase hex as Slack's are (SLACK_SIGNING_SECRET)" });
    expect(exitCode(short)).toBe(0);
    const { SLACK_SIGNING_SECRET: _secret, ...unset } = healthyEnv();
    const missing = await doctor(unset);
    expect(row(missing, 'Configuration')).toMatchObject({ result: 'FAIL', detail: expect.stringContaining('SLACK_SIGNING_SECRET is required in HTTP mode') });
    const client = await doctor({ ...healthyEnv(), SLACK_SIGNING_SECRET: SLACK_CLIENT_SECRET });
    expect(row(client, 'Signing secret')).toMatchObject({ result: 'FAIL', detail: 'the same value is set in SLACK_CLIENT_SECRET, and in SLACK_SIGNING_SECRET' });
    expect(exitCode(client)).toBe(1);
  });

  it('fails a Scalekit secret Scalekit refuses, and an environment URL nothing answers', async () => {
    const wrong = await doctor({ ...healthyEnv(), SCALEKIT_CLIENT_SECRET: 'hunter2' });
    expect(row(wrong, 'Scalekit credentials')).toMatchObject({ result: 'FAIL', detail: `${scalekit.url} refused the client id and secret`, fix: expect.stringContaining('SCALEKIT_CLIENT_SECRET') });
    expect(row(wrong, 'Connector tools')).toMatchObject({ result: 'warn', detail: 'not checked: Scalekit did not accept the bot' });
    const closed = await ScalekitFake.closedPortUrl();
    const unreachable = await doctor({ ...healthyEnv(), SCALEKIT_ENVIRONMENT_URL: closed });
    // The SDK retries a refused connection longer than the doctor waits: either way the row names the URL.
    expect(row(unreachable, 'Scalekit credentials')).toMatchObject({ result: 'FAIL', detail: expect.stringMatching(new RegExp(`^(Scalekit not reachable at|Scalekit at) ${closed}`)), fix: expect.stringContaining('SCALEKIT_ENVIRONMENT_URL') });
  });

  it('fails a connection name the environment does not have', async () => {
    const rows = await doctor({ ...healthyEnv(), SCALEKIT_CONNECTION_NAME: 'buildkite-prod' });
    expect(row(rows, 'Scalekit credentials')).toMatchObject({ result: 'FAIL', detail: 'no connection named buildkite-prod (this environment has: buildkitemcp)', fix: expect.stringContaining('SCALEKIT_CONNECTION_NAME') });
    expect(exitCode(rows)).toBe(1);
  });

  it('warns (credentials good) when Scalekit will not list connections: UNIMPLEMENTED or PERMISSION_DENIED', async () => {
    for (const connectionListing of ['unimplemented', 'denied'] as const) {
      scalekit.configure({ connectionListing });
      const rows = await doctor(healthyEnv());
      expect(row(rows, 'Scalekit credentials'), connectionListing).toMatchObject({ result: 'warn', detail: expect.stringContaining('accepted the client id and secret; Scalekit did not list connections') });
      expect(row(rows, 'Connector tools')).toMatchObject({ result: 'ok' });
      expect(exitCode(rows)).toBe(0);
    }
  });

  it('a tool listing refused is its own warning, not the credentials\' failure', async () => {
    scalekit.configure({ toolListing: 'denied' });
    const rows = await doctor(healthyEnv());
    expect(row(rows, 'Scalekit credentials')).toMatchObject({ result: 'ok' });
    expect(row(rows, 'Connector tools')).toMatchObject({ result: 'warn', detail: expect.stringContaining("Scalekit did not list the connector's tools (Scalekit refused the tool listing") });
  });

  it('warns of a connector that offers fewer of the catalogue\'s tools, naming them', async () => {
    scalekit.configure({ withdrawnTools: ['list_agents', 'get_agent'] });
    const rows = await doctor(healthyEnv());
    expect(row(rows, 'Connector tools')).toMatchObject({ result: 'warn', detail: expect.stringMatching(new RegExp(`^${TOOL_NAMES.length - 2} of ${TOOL_NAMES.length}, newer: .*missing (get_agent, list_agents|list_agents, get_agent)`)), fix: expect.stringContaining('resync') });
    expect(exitCode(rows)).toBe(0);
    scalekit.configure({ withdrawnTools: TOOL_NAMES });
    const none = await doctor(healthyEnv());
    expect(row(none, 'Connector tools')).toMatchObject({ result: 'FAIL', detail: expect.stringContaining(`0 of ${TOOL_NAMES.length}`) });
  });

  it('fails a PostgreSQL store nothing answers for, with its host and port and never its password', async () => {
    const port = new URL(await ScalekitFake.closedPortUrl()).port;
    const rows = await doctor({ ...healthyEnv(), DATABASE_URL: `postgres://postgres:hunter2@127.0.0.1:${port}/test` });
    expect(row(rows, 'Store')).toMatchObject({ result: 'FAIL', detail: expect.stringContaining(`PostgreSQL at 127.0.0.1:${port}/test: `), fix: expect.stringContaining('DATABASE_URL') });
    expect(row(rows, 'Store').detail).toContain('ECONNREFUSED');
  });

  it('reads a reachable PostgreSQL store\'s schema, and a pending migration, without migrating it', async () => {
    const schema = await createTestSchema(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
    try {
      await (await PostgresStore.open(schema.url)).close();
      expect(row(await doctor({ ...healthyEnv(), DATABASE_URL: schema.url }), 'Store')).toMatchObject({ result: 'ok', detail: `PostgreSQL, schema ${LATEST_VERSION} (latest)` });
      const client = new pg.Client({ connectionString: schema.url });
      await client.connect();
      try {
        await client.query('DELETE FROM schema_migrations WHERE version = $1', [LATEST_VERSION]);
        const rows = await doctor({ ...healthyEnv(), DATABASE_URL: schema.url });
        expect(row(rows, 'Store')).toMatchObject({ result: 'warn', detail: `PostgreSQL at schema ${LATEST_VERSION - 1}, this code's latest is ${LATEST_VERSION}: 1 pending` });
        expect((await client.query('SELECT MAX(version) AS version FROM schema_migrations')).rows[0].version).toBe(LATEST_VERSION - 1);
      } finally {
        await client.end();
      }
    } finally {
      await schema.drop();
    }
  });

  it('warns of a SQLite store with a pending migration, and does not apply it', async () => {
    const older = join(folder, 'older.db');
    await new SqliteStore(older).close();
    const db = new Database(older);
    db.prepare('DELETE FROM schema_migrations WHERE version = ?').run(LATEST_VERSION);
    db.close();
    const rows = await doctor({ ...healthyEnv(), DATABASE_URL: `sqlite:${older}` });
    expect(row(rows, 'Store')).toMatchObject({ result: 'warn', detail: `SQLite at schema ${LATEST_VERSION - 1}, this code's latest is ${LATEST_VERSION}: 1 pending`, fix: 'run the bot once: it migrates at start-up' });
    expect(exitCode(rows)).toBe(0);
    const after = new Database(older, { readonly: true });
    expect(after.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: LATEST_VERSION - 1 });
    after.close();
  });

  it('reads a WAL SQLite store without leaving -wal or -shm files beside it', async () => {
    const alone = join(folder, 'wal-store');
    mkdirSync(alone);
    const path = join(alone, 'bot.db');
    await new SqliteStore(path).close();
    // Header bytes 18 and 19 at 2: a WAL database (read from the file: opening it would create the files).
    expect([...readFileSync(path).subarray(18, 20)]).toEqual([2, 2]);
    const before = readdirSync(alone).sort();
    expect(before).toEqual(['bot.db']);
    const rows = await doctor({ ...healthyEnv(), DATABASE_URL: `sqlite:${path}` });
    expect(row(rows, 'Store')).toMatchObject({ result: 'ok', detail: `SQLite, schema ${LATEST_VERSION} (latest)` });
    expect(readdirSync(alone).sort()).toEqual(before);
  });

  it('warns of a SQLite file not created yet (likely another directory) and of a store in memory', async () => {
    const missing = join(folder, 'elsewhere', 'bot.db');
    const rows = await doctor({ ...healthyEnv(), DATABASE_URL: `sqlite:${missing}` });
    expect(row(rows, 'Store')).toMatchObject({ result: 'warn', detail: expect.stringContaining(`SQLite file ${missing} not created yet`), fix: expect.stringContaining("the bot's working directory") });
    const memory = await doctor({ ...healthyEnv(), DATABASE_URL: 'sqlite::memory:' });
    expect(row(memory, 'Store')).toMatchObject({ result: 'warn', detail: expect.stringContaining('SQLite in memory (sqlite::memory:)') });
    expect(exitCode(memory)).toBe(0);
  });

  it('fails a SQLite store newer than the code', async () => {
    const newer = join(folder, 'newer.db');
    await new SqliteStore(newer).close();
    const db = new Database(newer);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(LATEST_VERSION + 1, 'from the future', new Date().toISOString());
    db.close();
    const rows = await doctor({ ...healthyEnv(), DATABASE_URL: `sqlite:${newer}` });
    expect(row(rows, 'Store')).toMatchObject({ result: 'FAIL', detail: `SQLite at schema ${LATEST_VERSION + 1}, newer than this code's ${LATEST_VERSION}` });
  });

  it('warns when neither a webhook nor polling feeds notifications', async () => {
    const { BUILDKITE_WEBHOOK_TOKEN: _token, ...env } = healthyEnv();
    const rows = await doctor({ ...env, BUILDKITE_POLL_SECONDS: '0' });
    expect(row(rows, 'Notifications feed')).toMatchObject({ result: 'warn', detail: expect.stringContaining('subscriptions will never hear of builds') });
    expect(exitCode(rows)).toBe(0);
    const polling = await doctor(env);
    expect(row(polling, 'Notifications feed')).toMatchObject({ result: 'ok', detail: 'polling every 60 s' });
  });

  it('fails a PUBLIC_URL that does not answer, saying what happened', async () => {
    const closed = await ScalekitFake.closedPortUrl();
    const rows = await doctor({ ...healthyEnv(), PUBLIC_URL: closed });
    expect(row(rows, 'PUBLIC_URL')).toMatchObject({ result: 'FAIL', detail: `${closed}/healthz: connection refused`, fix: expect.stringContaining('start the bot') });
    const notHealth = await doctor({ ...healthyEnv(), PUBLIC_URL: `${healthUrl}/elsewhere` });
    expect(row(notHealth, 'PUBLIC_URL')).toMatchObject({ result: 'FAIL', detail: `${healthUrl}/elsewhere/healthz answered 404` });
  });

  it('shows a configuration the bot would refuse as failing rows, not a crash', async () => {
    const { SCALEKIT_CLIENT_ID: _id, ...env } = healthyEnv();
    const rows = await doctor(env);
    expect(rows).toEqual([expect.objectContaining({ check: 'Configuration', result: 'FAIL', detail: 'SCALEKIT_CLIENT_ID is required' })]);
    expect(exitCode(rows)).toBe(1);
  });

  it('runs as `tsx src/doctor/main.ts`: the table on stdout, no secret, exit 0 when healthy and 1 on a FAIL', async () => {
    const run = (env: Record<string, string>) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        const child = execFile(process.execPath, ['--import', 'tsx', 'src/doctor/main.ts'], { cwd: process.cwd(), env: { PATH: process.env.PATH ?? '', HOME: folder, ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
          done({ code: child.exitCode ?? (error ? 1 : 0), stdout, stderr }),
        );
      });
    const healthy = await run(healthyEnv());
    expect(healthy.code, healthy.stderr).toBe(0);
    expect(healthy.stdout).toMatch(/^check +\| result \| detail +\| fix/);
    expect(healthy.stdout).toContain('8 ok, 0 warn, 0 FAIL');
    const faulty = await run({ ...healthyEnv(), SLACK_SIGNING_SECRET: BOT_TOKEN, SCALEKIT_CLIENT_SECRET: 'hunter2' });
    expect(faulty.code).toBe(1);
    expect(faulty.stdout).toContain('2 FAIL');
    for (const output of [healthy.stdout, healthy.stderr, faulty.stdout, faulty.stderr]) for (const secret of SECRETS) expect(output).not.toContain(secret);
    // Redaction and masking are only the second lock: no row's own words look like a credential to them.
    expect(faulty.stdout).not.toContain('[redacted]');
    expect(faulty.stdout).not.toContain(MASK);
  }, 60_000);

  it('runs with its reader gone (`npm run doctor | head`): no EPIPE crash, the exit code still the checks\'', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/doctor/main.ts'], { cwd: process.cwd(), env: { PATH: process.env.PATH ?? '', HOME: folder, ...healthyEnv() }, stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader leaves before the table is written (the checks take a while).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', (exitCode) => done(exitCode)));
    expect(stderr).not.toMatch(/Unhandled 'error' event|\n\s+at /);
    expect(code, stderr).toBe(0);
  }, 60_000);
});
