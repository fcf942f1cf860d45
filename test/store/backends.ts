import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { MemoryStore, MemoryTables } from '../../src/store/memory.js';
import { PostgresStore } from '../../src/store/postgres.js';
import type { OnUnreadable } from '../../src/store/records.js';
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
  open(now?: () => number, onUnreadable?: OnUnreadable): Promise<Store>;
  /**
   * Writes a row as it is, past the store and its types (a row an older version wrote, or a damaged
   * one): `row` by column name; a JSON column's value is an object (or, for SQLite, any text).
   */
  writeRaw(store: Store, table: RawTable, row: Record<string, unknown>): Promise<void>;
  dispose(): Promise<void>;
}

export type RawTable = 'subscriptions' | 'channel_settings' | 'incidents' | 'personal_notifications' | 'audit_log' | 'approval_requests' | 'digests';

/** The memory store's collections hold records: the columns a raw row's key is made of, and its record. */
const MEMORY_ROWS: Record<RawTable, { key: string[]; record: (row: Record<string, unknown>) => unknown }> = {
  subscriptions: { key: ['team_id', 'channel_id', 'pipeline'], record: (row) => row.record },
  channel_settings: { key: ['team_id', 'channel_id'], record: (row) => row.settings },
  incidents: { key: ['id'], record: (row) => row.record },
  personal_notifications: { key: ['team_id', 'user_id'], record: (row) => row.record },
  approval_requests: { key: ['build_id', 'channel_id'], record: (row) => row.record },
  digests: { key: ['team_id', 'channel_id', 'scope'], record: (row) => row.record },
  audit_log: {
    key: ['id'],
    record: (row) => Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null).map(([column, value]) => [column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), column === 'id' ? String(value) : value])),
  },
};

export function memoryBackend(): Backend {
  const tables = new WeakMap<Store, MemoryTables>();
  return {
    name: 'memory',
    durable: false,
    async open(now, onUnreadable) {
      const own = new MemoryTables();
      const store = new MemoryStore(now, { tables: own, onUnreadable });
      tables.set(store, own);
      return store;
    },
    async writeRaw(store, table, row) {
      const shape = MEMORY_ROWS[table];
      const collection: Map<string, unknown> = tables.get(store)![table];
      collection.set(shape.key.map((column) => String(row[column])).join('/'), shape.record(row));
    },
    dispose: async () => undefined,
  };
}

/** Column values as SQLite takes them: JSON as text, times as epoch milliseconds. */
const sqliteValue = (value: unknown) => (value instanceof Date ? value.getTime() : typeof value === 'object' && value !== null ? JSON.stringify(value) : value);

const insert = (table: string, columns: string[], placeholder: (i: number) => string, overriding = '') =>
  `INSERT INTO ${table} (${columns.join(', ')}) ${overriding}VALUES (${columns.map((_, i) => placeholder(i)).join(', ')})`;

export function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'bot-store-'));
  const path = join(dir, 'nested', 'bot.db');
  return {
    name: 'sqlite',
    durable: true,
    open: async (now, onUnreadable) => new SqliteStore(path, now, onUnreadable),
    async writeRaw(_store, table, row) {
      const db = new Database(path);
      try {
        db.prepare(insert(table, Object.keys(row), () => '?')).run(...Object.values(row).map(sqliteValue));
      } finally {
        db.close();
      }
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
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
  return {
    name: 'postgres',
    durable: true,
    open: (now, onUnreadable) => PostgresStore.open(schema.url, now, onUnreadable),
    async writeRaw(_store, table, row) {
      const client = new pg.Client({ connectionString: schema.url });
      await client.connect();
      try {
        const values = Object.values(row).map((value) => (typeof value === 'object' && value !== null && !(value instanceof Date) ? JSON.stringify(value) : value));
        // audit_log's id is GENERATED ALWAYS: a row written as it is names its own.
        await client.query(insert(table, Object.keys(row), (i) => `$${i + 1}`, table === 'audit_log' && 'id' in row ? 'OVERRIDING SYSTEM VALUE ' : ''), values);
      } finally {
        await client.end();
      }
    },
    dispose: () => schema.drop(),
  };
}
