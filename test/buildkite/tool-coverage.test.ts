import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOOL_NAMES, scalekitToolName } from '../../src/buildkite/tools.js';
import { TOOL_RECORDS_DIR } from '../harness/harness.js';

/**
 * Every one of the connector's 44 tools is reached from Slack: the end-to-end suite (signed HTTP →
 * real Bolt → real Scalekit SDK → fakes) records which tools its interactions invoked, and this test,
 * run after it (`npm test` runs the load configuration second), checks the union covers the catalogue.
 */
describe('tool coverage', () => {
  it('each of the 44 tools is invoked by at least one end-to-end Slack interaction', () => {
    expect(existsSync(TOOL_RECORDS_DIR), 'run the main suite first (npm test does)').toBe(true);
    const reached = new Set(readdirSync(TOOL_RECORDS_DIR).flatMap((f) => JSON.parse(readFileSync(join(TOOL_RECORDS_DIR, f), 'utf8')) as string[]));
    const missing = TOOL_NAMES.filter((t) => !reached.has(scalekitToolName(t)));
    expect(missing, `tools no Slack interaction reached: ${missing.join(', ')}`).toEqual([]);
    expect(TOOL_NAMES).toHaveLength(44);
  });
});
