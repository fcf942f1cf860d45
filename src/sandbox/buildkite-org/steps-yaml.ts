/**
 * Reads the step list out of a pipeline's YAML configuration, enough to report `steps` and
 * `steps_count` and to create jobs for new builds. Handles the common forms:
 * `- command: ...`/`label:`, `- wait`, `- block: "..."`, `- trigger: ...`, and `key:`/`agents: queue:`.
 */
import type { StepRecord } from './model.js';

function unquote(value: string): string {
  const v = value.trim();
  return (v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")) ? v.slice(1, -1) : v;
}

export function parseSteps(configuration: string): StepRecord[] {
  const steps: StepRecord[] = [];
  let inSteps = false;
  let itemIndent = -1;
  let current: StepRecord | null = null;
  for (const rawLine of configuration.split('\n')) {
    const line = rawLine.replace(/\s+#.*$/, '');
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    const text = line.trim();
    if (indent === 0) {
      inSteps = text === 'steps:';
      continue;
    }
    if (!inSteps) continue;
    if (text.startsWith('- ') || text === '-') {
      if (itemIndent < 0) itemIndent = indent;
      if (indent === itemIndent) {
        current = { type: 'script' };
        steps.push(current);
        const rest = text.slice(1).trim();
        if (rest === 'wait' || rest.startsWith('wait:') || rest === '"wait"') current.type = 'waiter';
        else applyKey(current, rest);
        continue;
      }
    }
    if (current) applyKey(current, text.replace(/^-\s+/, ''));
  }
  return steps;
}

function applyKey(step: StepRecord, text: string): void {
  const colon = text.indexOf(':');
  if (colon < 0) return;
  const key = text.slice(0, colon).trim();
  const value = unquote(text.slice(colon + 1));
  if (key === 'block' || key === 'input') {
    step.type = 'manual';
    if (value) step.label = value;
  } else if (key === 'wait') {
    step.type = 'waiter';
  } else if (key === 'trigger') {
    step.type = 'trigger';
    step.name ??= value;
  } else if ((key === 'command' || key === 'commands') && value) {
    step.command = value;
  } else if (key === 'label' || key === 'name') {
    if (step.type === 'manual') step.label = value;
    else step.name = value;
  } else if (key === 'queue' && value) {
    step.agentQueryRules = [`queue=${value}`];
  }
}
