import { defineConfig } from 'vitest/config';
import base, { LOAD_TESTS } from './vitest.config.js';

/** The storm test alone: nothing else competes for the two cores while it measures acks. */
export default defineConfig({
  test: { ...base.test, include: LOAD_TESTS, exclude: ['**/node_modules/**'], fileParallelism: false, testTimeout: 120_000 },
});
