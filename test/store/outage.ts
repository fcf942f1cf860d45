import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';

/**
 * A real SQLite store whose database can go away and come back. While it is down, every call reaches a
 * SqliteStore on the same file whose connection is closed, so it fails exactly as better-sqlite3 fails
 * ("The database connection is not open"); nothing about the bot's own behaviour is imitated.
 */
export interface StoreWithOutage {
  store: Store;
  goDown(): void;
  comeBack(): void;
  dispose(): Promise<void>;
}

export async function sqliteWithOutage(): Promise<StoreWithOutage> {
  const dir = mkdtempSync(join(tmpdir(), 'bot-store-outage-'));
  const path = join(dir, 'bot.db');
  const live = new SqliteStore(path);
  const dead = new SqliteStore(path);
  await dead.close();
  let down = false;
  const store = new Proxy(live, {
    get(_target, property) {
      const backend = down ? dead : live;
      const value: unknown = Reflect.get(backend, property, backend);
      return typeof value === 'function' ? value.bind(backend) : value;
    },
  }) as Store;
  return {
    store,
    goDown: () => void (down = true),
    comeBack: () => void (down = false),
    async dispose() {
      await live.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
