import { describe, expect, it } from 'vitest';
import { buildUrlAttribute, toolSpanAttributes } from '../../src/scalekit/tool-span.js';

describe('a tool call\'s span attributes', () => {
  it('the tool and, for a call about a build, the build\'s page', () => {
    expect(toolSpanAttributes('get_build', { org_slug: 'acme', pipeline_slug: 'web', build_number: '141', detail_level: 'full' })).toEqual({
      'buildkite.tool': 'get_build',
      'buildkite.build_url': 'https://buildkite.com/acme/web/builds/141',
    });
    expect(toolSpanAttributes('list_pipelines', { org_slug: 'acme' })).toEqual({ 'buildkite.tool': 'list_pipelines' });
  });

  it('reads no free text of the arguments: a message, a branch, an unblock\'s fields', () => {
    const attributes = toolSpanAttributes('create_build', { org_slug: 'acme', pipeline_slug: 'web', message: 'deploy with TOKEN=s3cret', branch: 'feature/x', environment: [{ key: 'API_KEY', value: 'k' }] });
    expect(attributes).toEqual({ 'buildkite.tool': 'create_build' });
    expect(toolSpanAttributes('get_build', { org_slug: 'acme/../evil?x=1', pipeline_slug: 'web', build_number: 1 })).toEqual({ 'buildkite.tool': 'get_build' });
  });

  it('a new build\'s page from the answer, rebuilt from its parts', () => {
    expect(buildUrlAttribute({ number: 142, web_url: 'https://buildkite.com/acme/web/builds/142?token=abc#job' })).toEqual({ 'buildkite.build_url': 'https://buildkite.com/acme/web/builds/142' });
    expect(buildUrlAttribute({ web_url: 'https://evil.test/acme/web/builds/1' })).toEqual({});
    expect(buildUrlAttribute([{ web_url: 'x' }])).toEqual({});
  });
});
