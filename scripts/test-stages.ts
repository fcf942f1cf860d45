// `npm test`, after the type check and lint: the main suite, then the after-suite checks and load tests
// (vitest.load.config.ts), the second run even when the first fails; non-zero if either failed.
import { join } from 'node:path';
import { runStages } from './stages.js';

const vitest = join('node_modules', 'vitest', 'vitest.mjs');
process.exitCode = runStages([
  { name: 'main suite', command: process.execPath, args: [vitest, 'run'] },
  { name: 'after-suite checks and load tests', command: process.execPath, args: [vitest, 'run', '--config', 'vitest.load.config.ts'], settle: true },
]);
