import type { StoreLocation } from '../store/location.js';
import { readSchemaVersion, type SchemaReading } from '../store/schema-version.js';
import { type CheckRow, fail, ok, warn } from './check-row.js';

const STORE = 'Store';

/** Reachable and migrated, read without migrating (the bot migrates at start-up, the doctor never). */
export async function checkStore(location: StoreLocation, timeoutMs: number): Promise<CheckRow[]> {
  return [storeRow(location, await readSchemaVersion(location, timeoutMs))];
}

/** Pure: what the reading means for the bot. */
export function storeRow(location: StoreLocation, reading: SchemaReading): CheckRow {
  const kind = location.kind === 'postgres' ? 'PostgreSQL' : 'SQLite';
  switch (reading.kind) {
    case 'unreachable':
      return fail(STORE, `${kind} at ${reading.where}: ${reading.reason}`, location.kind === 'postgres' ? 'check DATABASE_URL (host, port, database, user) and that PostgreSQL is running and reachable' : "make the file's directory writable by the bot's user, or set DATABASE_URL");
    case 'not_created':
      // A bot that has run has its file: none here most often means another working directory or path.
      return warn(STORE, `${kind} file ${reading.where} not created yet (the bot creates it at start-up, schema ${reading.latest})`, "if the bot has run already, run the doctor from the bot's working directory or with its DATABASE_URL");
    case 'in_memory':
      return warn(STORE, 'SQLite in memory (sqlite::memory:): every subscription, approval and setting is lost at each restart', 'for anything but a trial, set DATABASE_URL to a SQLite file or PostgreSQL');
    case 'read':
      if (reading.version < reading.latest) return warn(STORE, `${kind} at schema ${reading.version}, this code's latest is ${reading.latest}: ${reading.latest - reading.version} pending`, 'run the bot once: it migrates at start-up');
      if (reading.version > reading.latest) return fail(STORE, `${kind} at schema ${reading.version}, newer than this code's ${reading.latest}`, 'an older bot against a newer database: deploy the newer bot (or point DATABASE_URL at this version\'s database)');
      return ok(STORE, `${kind}, schema ${reading.version} (latest)`);
  }
}
