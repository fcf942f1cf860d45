import { rmSync } from 'node:fs';
import { join } from 'node:path';

/** A fresh record of the tools each run's Slack interactions reach (see test/buildkite/tool-coverage.test.ts). */
export default function setup(): void {
  rmSync(join(process.cwd(), '.test-output', 'tools-reached'), { recursive: true, force: true });
}
