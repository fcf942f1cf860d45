import { describe, expect, it } from 'vitest';
import type { Build } from '../../src/buildkite/builds.js';
import { mergeBuildChanges } from '../../src/build-changes/build-change.js';
import { buildChangeOf, deliveryOf } from '../../src/features/notifications/webhook-delivery.js';
import { buildVersion } from '../../src/buildkite/build-version.js';
import { eventOf } from '../../src/features/notifications/subscription.js';

describe('build changes', () => {
  const build = (over: Partial<Build>): Build => ({ id: 'b1', number: 7, state: 'running', web_url: 'https://buildkite.com/acme/web/builds/7', ...over });
  it('reads a build webhook as a hint, and nothing else', () => {
    expect(buildChangeOf({ event: 'build.finished', build: { id: 'b1', number: 7, web_url: 'https://buildkite.com/acme/web/builds/7' } })).toEqual({ buildId: 'b1', org: 'acme', pipeline: 'web', number: 7, source: 'webhook' });
    expect(buildChangeOf({ event: 'build.running', build: { id: 'b1', number: 7, web_url: 'https://buildkite.com/acme/web/builds/7' }, pipeline: { default_branch: 'trunk' } })).toMatchObject({ defaultBranch: 'trunk' });
    expect(buildChangeOf({ event: 'ping' })).toBeUndefined();
    // A finished job says its build may have changed (failing, minutes before it finishes).
    expect(buildChangeOf({ event: 'job.finished', job: { id: 'j1', state: 'failed' }, build: { id: 'b1', number: 7, web_url: 'https://buildkite.com/acme/web/builds/7' } })).toEqual({ buildId: 'b1', org: 'acme', pipeline: 'web', number: 7, source: 'webhook' });
    expect(buildChangeOf({ event: 'job.started', job: { id: 'j1' }, build: { id: 'b1', number: 7, web_url: 'https://buildkite.com/acme/web/builds/7' } })).toBeUndefined();
    expect(deliveryOf({ event: 'job.finished', job: null }, true)).toEqual({ kind: 'other' });
    expect(buildChangeOf({ event: 'build.finished', build: { id: 'b1', number: 8, web_url: 'https://buildkite.com/acme/web/builds/7' } })).toBeUndefined();
  });
  it('takes who created the build and the default branch only from a signed body; an unreadable build event is told apart from other events', () => {
    const payload = { event: 'build.finished', build: { id: 'b1', number: 7, web_url: 'https://buildkite.com/acme/web/builds/7', creator: { id: 'u-alice', email: 'alice@acme.test' } }, pipeline: { default_branch: 'trunk' } };
    expect(deliveryOf(payload, true)).toEqual({ kind: 'change', change: { buildId: 'b1', org: 'acme', pipeline: 'web', number: 7, source: 'webhook', defaultBranch: 'trunk', creator: { id: 'u-alice', email: 'alice@acme.test' } } });
    expect(deliveryOf(payload, false)).toEqual({ kind: 'change', change: { buildId: 'b1', org: 'acme', pipeline: 'web', number: 7, source: 'webhook' } });
    expect(deliveryOf({ event: 'ping' }, false)).toEqual({ kind: 'other' });
    expect(deliveryOf({ event: 7 }, true)).toEqual({ kind: 'other' });
    for (const odd of [null, [], 'build.finished', 7, { event: 'build.finished' }, { event: 'build.finished', build: null }, { event: 'build.running', build: { id: {}, number: 7, web_url: 'https://buildkite.com/acme/web/builds/7' } }, { event: 'build.finished', build: { id: 'b1', number: Number.POSITIVE_INFINITY, web_url: 'x' } }]) {
      expect(deliveryOf(odd, true)).toEqual({ kind: 'unreadable' });
    }
  });
  it('merges two hints of one build: the newer wins, a webhook stays a webhook', () => {
    const poll = { buildId: 'b1', org: 'acme', pipeline: 'web', number: 7, source: 'poll' as const };
    const hook = { ...poll, source: 'webhook' as const, creator: { id: 'u1' }, defaultBranch: 'main' };
    expect(mergeBuildChanges(hook, poll)).toEqual({ ...hook, source: 'webhook' });
    expect(mergeBuildChanges(poll, hook)).toEqual(hook);
    expect(mergeBuildChanges(poll, { ...poll, creator: { id: 'u2' } })).toEqual({ ...poll, creator: { id: 'u2' } });
  });
  it('names what a build is to a subscriber; blocked wins over the state Buildkite keeps', () => {
    expect(eventOf(build({ state: 'failed' }))).toBe('failed');
    expect(eventOf(build({ state: 'passed', blocked: true }))).toBe('blocked');
    expect(eventOf(build({ state: 'scheduled' }))).toBe('started');
    expect(eventOf(build({ state: 'skipped' }))).toBeUndefined();
  });
  it('versions a read by its newest timestamp, then by how far it got: a retry is newer than the failure', () => {
    const failed = build({ state: 'failed', started_at: '2026-11-28T09:00:00Z', finished_at: '2026-11-28T09:05:00Z' });
    const running = build({ state: 'running', started_at: '2026-11-28T09:00:00Z', finished_at: '2026-11-28T09:05:00Z' });
    const retried = build({ state: 'running', started_at: '2026-11-28T09:00:00Z', jobs: [{ id: 'j2', state: 'running', started_at: '2026-11-28T09:06:00Z' }] });
    expect(buildVersion(failed)).toBeGreaterThan(buildVersion(running));
    expect(buildVersion(retried)).toBeGreaterThan(buildVersion(failed));
  });
});
