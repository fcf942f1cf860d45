import { describe, expect, it } from 'vitest';
import { branchMatches, coversBranch, DEFAULT_EVENTS, parseSubscribeArgs } from '../../../src/features/notifications/subscription.js';
import { parseArgs } from '../../../src/slack/command-args.js';

describe('subscriptions', () => {
  it('parses pipeline, branch pattern, events and mentions, with defaults', () => {
    expect(parseSubscribeArgs(parseArgs('Web'))).toEqual({ ok: true, value: { pipeline: 'web', events: DEFAULT_EVENTS, mention: true } });
    expect(parseSubscribeArgs(parseArgs('web branch:release/* on:passed,failed mention:off'))).toEqual({ ok: true, value: { pipeline: 'web', branch: 'release/*', events: ['failed', 'passed'], mention: false } });
    expect(parseSubscribeArgs(parseArgs('web on:exploded'))).toMatchObject({ ok: false, problem: expect.stringContaining('not exploded') });
    expect(parseSubscribeArgs(parseArgs('web two'))).toMatchObject({ ok: false });
    expect(parseSubscribeArgs(parseArgs('web colour:red'))).toMatchObject({ ok: false, problem: expect.stringContaining('colour') });
  });
  it('matches branches by pattern, or the pipeline’s default branch when none is given', () => {
    expect(branchMatches('*', 'anything/at/all')).toBe(true);
    expect(branchMatches('release/*', 'release/2026.11')).toBe(true);
    expect(branchMatches('release/*', 'main')).toBe(false);
    expect(branchMatches('v1.2', 'v1x2')).toBe(false);
    expect(coversBranch({}, 'trunk', 'trunk')).toBe(true);
    expect(coversBranch({}, 'main', 'trunk')).toBe(false);
    expect(coversBranch({ branch: 'main' }, undefined, 'main')).toBe(false);
  });
});
