import { defineConfig } from 'vitest/config';
import base, { AFTER_SUITE_TESTS, LOAD_TESTS } from './vitest.config.js';

/** After the main suite: the tool-coverage check, then the storm test alone (nothing else competes for the cores). */
export default defineConfig({
  test: { ...base.test, include: [...AFTER_SUITE_TESTS, ...LOAD_TESTS], exclude: ['**/node_modules/**'], globalSetup: [], fileParallelism: false, testTimeout: 120_000 },
});
