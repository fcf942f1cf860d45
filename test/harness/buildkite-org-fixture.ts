// Shared set-up for the fake Buildkite org tests: the seeded demo org on a fixed clock.
import { expect } from 'vitest';
import { ALL_SCOPES, FakeBuildkiteOrg, type ToolOutcome } from '../../src/sandbox/buildkite-org/index.js';
import { seedDemoOrg, type DemoOrg } from '../../src/sandbox/buildkite-org/seed.js';

export const NOW = new Date('2026-06-10T12:00:00.000Z');

// Tool results are arbitrary JSON; tests read into them freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Demo {
  org: FakeBuildkiteOrg;
  ids: DemoOrg;
  clock: { now: Date };
  /** Calls as Priya with every scope; `org_slug: 'acme'` is added unless the tool takes none. */
  call(tool: string, input?: Record<string, unknown>, as?: { userId?: string; scopes?: string[] }): ToolOutcome;
  /** Like `call`, but expects success and returns the value. */
  ok(tool: string, input?: Record<string, unknown>, as?: { userId?: string; scopes?: string[] }): Json;
}

const NO_ORG_SLUG = new Set(['access_token', 'current_user', 'user_token_organization']);

export function demo(): Demo {
  const clock = { now: new Date(NOW) };
  const org = new FakeBuildkiteOrg({ now: () => new Date(clock.now) });
  const ids = seedDemoOrg(org);
  const call: Demo['call'] = (tool, input = {}, as = {}) =>
    org.call(
      { userId: as.userId ?? ids.users.priya.id, scopes: as.scopes ?? ALL_SCOPES },
      tool,
      NO_ORG_SLUG.has(tool) ? input : { org_slug: 'acme', ...input },
    );
  const ok: Demo['ok'] = (tool, input, as) => {
    const outcome = call(tool, input, as);
    if (!outcome.ok) throw new Error(`${tool} failed: ${outcome.status} ${outcome.text}`);
    return outcome.value;
  };
  return { org, ids, clock, call, ok };
}

export function expectFailure(outcome: ToolOutcome, status: number, text: string | RegExp): void {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return;
  expect(outcome.status).toBe(status);
  if (typeof text === 'string') expect(outcome.text).toBe(text);
  else expect(outcome.text).toMatch(text);
}

/** Every object in the value has its keys in sorted order, as the server emits them. */
export function expectSortedKeys(value: unknown, path = '$'): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => expectSortedKeys(item, `${path}[${i}]`));
  } else if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    expect(keys, path).toEqual([...keys].sort());
    for (const key of keys) expectSortedKeys((value as Record<string, unknown>)[key], `${path}.${key}`);
  }
}
