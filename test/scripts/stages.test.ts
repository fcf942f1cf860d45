import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStages } from '../../scripts/stages.js';

const node = (code: string) => ({ command: process.execPath, args: ['-e', code] });

describe('npm test stages', () => {
  it('runs the second stage when the first fails, and still fails', () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'stages-')), 'second-ran');
    const said: string[] = [];
    const code = runStages([
      { name: 'main suite', ...node('process.exit(1)') },
      { name: 'load tests', ...node(`require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'yes')`) },
    ], (line) => said.push(line));
    expect(existsSync(marker)).toBe(true);
    expect(code).toBe(1);
    expect(said).toEqual(['Failed: main suite (exit 1).']);
  });

  it('fails when only the second stage fails, and passes when both pass', () => {
    const quiet = () => undefined;
    expect(runStages([{ name: 'a', ...node('') }, { name: 'b', ...node('process.exit(2)') }], quiet)).toBe(1);
    expect(runStages([{ name: 'a', ...node('') }, { name: 'b', ...node('') }], quiet)).toBe(0);
  });
});
