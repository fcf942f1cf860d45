import { describe } from 'vitest';
import { memoryBackend, postgresBackend, sqliteBackend, TEST_DATABASE_URL, warnIfNoPostgres } from './backends.js';
import { storeContract } from './store-suite.js';

describe('MemoryStore', () => storeContract(async () => memoryBackend()));
describe('SqliteStore', () => storeContract(async () => sqliteBackend()));

warnIfNoPostgres('the store suite');
describe.skipIf(!TEST_DATABASE_URL)('PostgresStore', () => storeContract(() => postgresBackend(TEST_DATABASE_URL!)));
