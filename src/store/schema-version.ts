import { constants, existsSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { z } from 'zod';
import type { StoreLocation } from './location.js';
import { LATEST_VERSION, MIGRATIONS_TABLE } from './migrations.js';

/** What the store holds, read without changing it (`npm run doctor` must never migrate). */
export type SchemaReading =
  | { kind: 'read'; version: number; latest: number }
  /** A SQLite file not created yet, in a directory the bot may create it in (it will, at start-up). */
  | { kind: 'not_created'; where: string; latest: number }
  /** `sqlite::memory:`: nothing on disk to read, and nothing kept across restarts. */
  | { kind: 'in_memory' }
  | { kind: 'unreachable'; where: string; reason: string };

const VersionRow = z.object({ version: z.coerce.number().nullable() });

/** The newest applied migration of the store at `location` (0: none), without applying any. */
export async function readSchemaVersion(location: StoreLocation, timeoutMs: number): Promise<SchemaReading> {
  return location.kind === 'postgres' ? readPostgres(location.url, timeoutMs) : readSqlite(location.path);
}

async function readSqlite(path: string): Promise<SchemaReading> {
  if (path === ':memory:') return { kind: 'in_memory' };
  const where = resolve(path);
  const folder = nearestExisting(dirname(where));
  try {
    // WAL mode writes beside the file: the folder must be writable whether or not the file exists.
    await access(folder, constants.W_OK);
  } catch {
    return { kind: 'unreachable', where, reason: `${folder} is not writable by this user` };
  }
  if (!existsSync(where)) return { kind: 'not_created', where, latest: LATEST_VERSION };
  let db: Database.Database | undefined;
  try {
    db = await openWithoutTrace(where);
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE);
    const version = table === undefined ? 0 : (VersionRow.parse(db.prepare(`SELECT MAX(version) AS version FROM ${MIGRATIONS_TABLE}`).get()).version ?? 0);
    return { kind: 'read', version, latest: LATEST_VERSION };
  } catch (error) {
    return { kind: 'unreachable', where, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    db?.close();
  }
}

/**
 * Opening a WAL database, even read-only, creates its -wal and -shm files; left behind by a doctor run
 * as another user (root), they would stop the bot's next start. With no -wal file the bot is not
 * running and everything is in the main file: a copy in memory, marked as a rollback-journal database
 * (header bytes 18 and 19, the read and write versions: 1 = legacy), opens without touching the folder.
 * With a -wal file the bot is running, the files exist already, and a read-only open adds nothing.
 */
async function openWithoutTrace(where: string): Promise<Database.Database> {
  if (existsSync(`${where}-wal`)) return new Database(where, { readonly: true, fileMustExist: true });
  const image = await readFile(where);
  if (image.length >= 20) {
    image[18] = 1;
    image[19] = 1;
  }
  return new Database(image);
}

async function readPostgres(url: string, timeoutMs: number): Promise<SchemaReading> {
  const where = hostAndPort(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  // A connection lost after the answer must not become an uncaught 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const exists = await client.query('SELECT to_regclass($1) IS NOT NULL AS present', [MIGRATIONS_TABLE]);
    if (exists.rows[0]?.present !== true) return { kind: 'read', version: 0, latest: LATEST_VERSION };
    const { rows } = await client.query(`SELECT MAX(version) AS version FROM ${MIGRATIONS_TABLE}`);
    return { kind: 'read', version: VersionRow.parse(rows[0]).version ?? 0, latest: LATEST_VERSION };
  } catch (error) {
    return { kind: 'unreachable', where, reason: errorWords(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Host and port only: the URL may carry a password. */
function hostAndPort(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

/** pg's error, by code where it has one (ECONNREFUSED, 28P01, 3D000) and its message, never the URL. */
function errorWords(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const text = message ?? String(error);
  return code && !text.includes(code) ? `${code}: ${text}` : text;
}

function nearestExisting(folder: string): string {
  let current = folder;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}
