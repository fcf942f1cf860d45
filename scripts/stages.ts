import { spawnSync } from 'node:child_process';

export interface Stage {
  name: string;
  command: string;
  args: string[];
}

/**
 * Runs every stage in order, each whatever happened to the one before, so a red stage never hides the
 * next one's result. Returns the exit code: 0 only when every stage passed.
 */
export function runStages(stages: Stage[], say: (line: string) => void = (line) => console.log(line)): number {
  const failed: string[] = [];
  for (const stage of stages) {
    const run = spawnSync(stage.command, stage.args, { stdio: 'inherit' });
    if (run.status !== 0) failed.push(`${stage.name} (${run.status === null ? `signal ${run.signal ?? 'unknown'}` : `exit ${run.status}`})`);
  }
  say(failed.length === 0 ? `All ${stages.length} test stages passed.` : `Failed: ${failed.join(', ')}.`);
  return failed.length === 0 ? 0 : 1;
}
