import { KNOWN_TOOLS, type ToolInput, type ToolName } from '../buildkite/tools.js';

/** How long an argument the server refused stays unsent, and a newer server's shape stays assumed. */
export const REFUSAL_TTL_MS = 60 * 60_000;

/**
 * Arguments v1.8+ servers no longer take (their strict schemas refuse them): dropped at once when a
 * `get_build` answer shows the newer shape, instead of each being refused once first.
 */
export const GONE_SINCE_1_8: Partial<Record<ToolName, string[]>> = {
  get_build: ['detail_level', 'job_state', 'include_agent'],
  list_builds: ['detail_level'],
};

/**
 * Arguments of the catalogue that the live server refuses, learnt per tool (see ScalekitGateway's
 * callTool), with when. Forgotten after an hour: a server upgraded since (v1.11 took `detail_level` back
 * into list_jobs) is then asked with them again, at the cost of one refusal an hour if it still refuses.
 */
export class RefusedArguments {
  private readonly refused = new Map<ToolName, Map<string, number>>();

  refuse(tool: ToolName, keys: string[]): void {
    const known = this.refused.get(tool) ?? new Map<string, number>();
    for (const key of keys) known.set(key, Date.now());
    this.refused.set(tool, known);
  }

  /** Whether this argument of this tool was refused within the last hour. */
  refusedLately(tool: ToolName, key: string): boolean {
    return Date.now() - (this.refused.get(tool)?.get(key) ?? -Infinity) < REFUSAL_TTL_MS;
  }

  /** The input without the arguments still refused. */
  without<N extends ToolName>(tool: N, input: ToolInput<N>): ToolInput<N> {
    if (!this.refused.has(tool)) return input;
    return Object.fromEntries(Object.entries(input as Record<string, unknown>).filter(([key]) => !this.refusedLately(tool, key))) as ToolInput<N>;
  }
}

/** Only the catalogue's optional arguments can be learnt away; a required one is never dropped. */
export function isOptionalParam(tool: ToolName, key: string): boolean {
  const spec = (KNOWN_TOOLS[tool].params as Record<string, { required?: boolean }>)[key];
  return spec !== undefined && spec.required !== true;
}
