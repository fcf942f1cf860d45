import { defineConfig } from 'vitest/config';

/** Load tests measure latency, so they run on their own after the main suite (see vitest.load.config.ts). */
export const LOAD_TESTS = ['test/app/storm.e2e.test.ts'];
/** Checks that read what the main suite recorded; they run after it, with the load tests. */
export const AFTER_SUITE_TESTS = ['test/buildkite/tool-coverage.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...LOAD_TESTS, ...AFTER_SUITE_TESTS],
    globalSetup: ['test/harness/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end tests start servers on loopback ports; keep them off any proxy.
    env: { NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' },
  },
});
