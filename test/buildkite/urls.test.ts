import { describe, expect, it } from 'vitest';
import { parseBuildkiteLink } from '../../src/buildkite/urls.js';

describe('parseBuildkiteLink', () => {
  it('reads builds, jobs and pipelines, and nothing else', () => {
    expect(parseBuildkiteLink('https://buildkite.com/acme/web/builds/141')).toEqual({ kind: 'build', org: 'acme', pipeline: 'web', number: 141 });
    expect(parseBuildkiteLink('https://buildkite.com/acme/web/builds/141#0197a6f0-1234-7abc-8000-000000000001')).toMatchObject({ kind: 'build', jobId: '0197a6f0-1234-7abc-8000-000000000001' });
    expect(parseBuildkiteLink('https://buildkite.com/acme/web')).toEqual({ kind: 'pipeline', org: 'acme', pipeline: 'web' });
    expect(parseBuildkiteLink('https://buildkite.com/acme/web/builds?branch=main')).toEqual({ kind: 'pipeline', org: 'acme', pipeline: 'web' });
    for (const other of ['https://buildkite.com/docs/pipelines', 'https://buildkite.com/acme/web/settings', 'https://example.com/acme/web/builds/1', 'https://buildkite.com/acme', 'not a url', 'https://buildkite.com/acme/web/builds/1/../../x'])
      expect(parseBuildkiteLink(other), other).toBeUndefined();
  });
});
