import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';

export interface Stage {
  name: string;
  command: string;
  args: string[];
  /**
   * A stage that measures latency starts once the machine has settled after the one before: the
   * one-minute load under half the cores, waited for at most `SETTLE_MAX_MS`.
   */
  settle?: boolean;
}

const SETTLE_MAX_MS = 60_000;
const SETTLE_POLL_MS = 2_000;

/** Waits (synchronously, as the stages run) until the load has fallen or the time is up; returns the ms waited. */
function settle(): number {
  const started = Date.now();
  const calm = availableParallelism() / 2;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while ((loadavg()[0] ?? 0) >= calm && Date.now() - started < SETTLE_MAX_MS) Atomics.wait(pause, 0, 0, SETTLE_POLL_MS);
  return Date.now() - started;
}

/**
 * Runs every stage in order, each whatever happened to the one before, so a red stage never hides the
 * next one's result. Returns the exit code: 0 only when every stage passed.
 */
export function runStages(stages: Stage[], say: (line: string) => void = (line) => console.log(line)): number {
  const failed: string[] = [];
  for (const stage of stages) {
    if (stage.settle) say(`Waited ${Math.round(settle() / 1000)} s for the machine to settle before the ${stage.name}.`);
    const run = spawnSync(stage.command, stage.args, { stdio: 'inherit' });
    if (run.status !== 0) failed.push(`${stage.name} (${run.status === null ? `signal ${run.signal ?? 'unknown'}` : `exit ${run.status}`})`);
  }
  say(failed.length === 0 ? `All ${stages.length} test stages passed.` : `Failed: ${failed.join(', ')}.`);
  return failed.length === 0 ? 0 : 1;
}
