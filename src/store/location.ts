/** Where the store lives, as config.ts reads it from DATABASE_URL (kept free of driver imports). */
export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** The embedded default: no set-up, git-ignored. */
export const DEFAULT_SQLITE_PATH = './data/bot.db';
