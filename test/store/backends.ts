import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { MemoryStore } from '../../src/store/memory.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';

/** Set by .ci/run (and the project's machines); a laptop without PostgreSQL skips those suites, visibly. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

export function warnIfNoPostgres(what: string): void {
  if (!TEST_DATABASE_URL) console.warn(`⚠ SKIPPED: ${what} on PostgreSQL — set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it.`);
}

/** One place a store's data lives; `open` may be called again (a restart) and by several "replicas". */
export interface Backend {
  name: string;
  /** True when two stores opened on it share their data (a file or a database). */
  durable: boolean;
  open(now?: () => number): Promise<Store>;
  dispose(): Promise<void>;
}

export function memoryBackend(): Backend {
  return { name: 'memory', durable: false, open: async (now) => new MemoryStore(now), dispose: async () => undefined };
}

export function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'bot-store-'));
  const path = join(dir, 'nested', 'bot.db');
  return { name: 'sqlite', durable: true, open: async (now) => new SqliteStore(path, now), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A fresh schema in the shared test database, so parallel runs and test files never see each other's
 * rows; the returned URL makes every connection use it (search_path).
 */
export async function createTestSchema(baseUrl: string): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

export async function postgresBackend(baseUrl: string): Promise<Backend> {
  const schema = await createTestSchema(baseUrl);
  return { name: 'postgres', durable: true, open: (now) => PostgresStore.open(schema.url, now), dispose: () => schema.drop() };
}
