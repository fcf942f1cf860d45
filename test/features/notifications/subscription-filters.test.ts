import { describe, expect, it } from 'vitest';
import type { Build } from '../../../src/buildkite/builds.js';
import { authorMatches, eventFor, isBotBuild, isPullRequest, redInSteps, takesBuild } from '../../../src/features/notifications/subscription-filters.js';

const build = (over: Partial<Build> = {}): Build => ({ id: 'b1', number: 1, state: 'failed', web_url: 'https://buildkite.com/acme/web/builds/1', ...over });
const job = (step_key: string, state: string, over: Record<string, unknown> = {}) => ({ id: step_key, step_key, name: `:rspec: ${step_key}`, state, ...over });

describe('subscription filters', () => {
  it('steps: only matching jobs decide red; other red steps are no event; unknown jobs leave the state to decide', () => {
    const failedInLint = build({ jobs: [job('lint', 'failed'), job('test-unit', 'passed')] });
    expect(redInSteps(failedInLint, 'test*')).toBe(false);
    expect(redInSteps(failedInLint, 'lint')).toBe(true);
    expect(redInSteps(build({ jobs: [job('x', 'failed', { name: 'Deploy web' })] }), 'Deploy*')).toBe(true);
    expect(redInSteps(build({ jobs: [job('test', 'failed', { soft_failed: true })] }), 'test')).toBe(false);
    expect(redInSteps(build({ jobs: [job('test', 'failed', { retried: true }), job('test', 'passed')] }), 'test')).toBe(false);
    expect(redInSteps(build(), 'test')).toBeUndefined();
    expect(eventFor({ steps: 'test*' }, failedInLint)).toBeUndefined();
    expect(eventFor({ steps: 'lint' }, failedInLint)).toBe('failed');
    expect(eventFor({}, failedInLint)).toBe('failed');
    expect(eventFor({ steps: 'test*' }, build())).toBe('failed');
  });

  it('failing: Buildkite’s failing, or still running with a job already failed', () => {
    expect(eventFor({}, build({ state: 'failing' }))).toBe('failing');
    expect(eventFor({}, build({ state: 'running', jobs: [job('a', 'failed'), job('b', 'running')] }))).toBe('failing');
    expect(eventFor({}, build({ state: 'running', jobs: [job('a', 'passed'), job('b', 'running')] }))).toBe('started');
    expect(eventFor({ steps: 'b' }, build({ state: 'failing', jobs: [job('a', 'failed'), job('b', 'running')] }))).toBeUndefined();
  });

  it('bots: schedules, trigger steps, service tokens and GitHub apps; a person’s UI, push and API builds are not', () => {
    expect(isBotBuild(build({ source: 'schedule' }), true)).toBe(true);
    expect(isBotBuild(build({ source: 'trigger_job' }), true)).toBe(true);
    expect(isBotBuild(build({ source: 'api' }), false)).toBe(true);
    expect(isBotBuild(build({ source: 'api' }), true)).toBe(false);
    expect(isBotBuild(build({ source: 'webhook', author: { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' } }), false)).toBe(true);
    expect(isBotBuild(build({ source: 'webhook', author: { name: 'Jane Doe', email: 'jane@example.com' } }), false)).toBe(false);
    expect(isBotBuild(build({ source: 'ui' }), false)).toBe(false);
  });

  it('pull requests: a build naming its pull request', () => {
    expect(isPullRequest(build({ pull_request: { id: '42', base: 'main', repository: 'git@github.com:acme/web.git' } }))).toBe(true);
    expect(isPullRequest(build({ pull_request: null }))).toBe(false);
    expect(isPullRequest(build())).toBe(false);
  });

  it('author: the creator’s Slack user, an e-mail, or for a push its commit author', () => {
    const byJane = build({ creator: { id: 'bk-jane', email: 'Jane@Example.com' } });
    expect(authorMatches('U0JANE', byJane, { creatorSlackId: 'U0JANE' })).toBe(true);
    expect(authorMatches('U0JANE', byJane, { creatorSlackId: 'U0BOB' })).toBe(false);
    expect(authorMatches('U0JANE', byJane, {})).toBe(false);
    expect(authorMatches('jane@example.com', byJane, {})).toBe(true);
    const push = build({ creator: { id: '', email: '' }, author: { name: 'Jane', email: 'jane@example.com' } });
    expect(authorMatches('jane@example.com', push, {})).toBe(true);
    expect(authorMatches('U0JANE', push, { authorSlackId: 'U0JANE' })).toBe(true);
    expect(authorMatches('U0JANE', push, { creatorSlackId: 'U0JANE' })).toBe(false);
    expect(authorMatches('@jane.doe', byJane, { creatorSlackId: 'U0JANE', handles: ['jane.doe', 'jane'] })).toBe(true);
    expect(authorMatches('@jane.doe', byJane, { creatorSlackId: 'U0JANE' })).toBe(false);
    expect(authorMatches('@bob', byJane, { creatorSlackId: 'U0JANE', handles: ['jane.doe'] })).toBe(false);
  });

  it('takes a build only when every filter agrees; none set takes all', () => {
    const pr = build({ source: 'schedule', pull_request: { id: '7' }, creator: { id: 'bk-bob' } });
    expect(takesBuild({}, pr, {})).toBe(true);
    expect(takesBuild({ pullRequests: false }, pr, {})).toBe(false);
    expect(takesBuild({ bots: false }, pr, { creatorSlackId: 'U0BOB' })).toBe(false);
    expect(takesBuild({ author: 'U0BOB' }, pr, { creatorSlackId: 'U0BOB' })).toBe(true);
    expect(takesBuild({ author: 'U0JANE' }, pr, { creatorSlackId: 'U0BOB' })).toBe(false);
  });
});
