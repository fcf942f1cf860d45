import { describe, expect, it } from 'vitest';
import { demo, expectFailure } from '../../harness/buildkite-org-fixture.js';

describe('fake Buildkite org: argument validation', () => {
  it('rejects an unknown tool', () => {
    expectFailure(demo().call('list_jobs', {}), 0, 'unknown tool "list_jobs"');
  });

  it('rejects unknown properties', () => {
    const { call } = demo();
    expectFailure(
      call('get_build', { pipeline_slug: 'web', build_number: '141', foo: 1 }),
      0,
      'validating "arguments": validating root: unexpected additional properties ["foo"]',
    );
  });

  it('lists every missing required property in Go %q form', () => {
    const { call } = demo();
    expectFailure(
      call('get_build', { pipeline_slug: 'web' }),
      0,
      'validating "arguments": validating root: required: missing properties: ["build_number"]',
    );
    expectFailure(
      call('retry_job', { pipeline_slug: 'web' }),
      0,
      'validating "arguments": validating root: required: missing properties: ["build_number" "job_id"]',
    );
  });

  it('reports the wrong type with the JSON type names', () => {
    const { call } = demo();
    expectFailure(
      call('get_build', { pipeline_slug: 'web', build_number: 42 }),
      0,
      'validating "arguments": validating root: validating /properties/build_number: type: 42 has type "integer", want "string"',
    );
    expectFailure(
      call('list_builds', { page: 1.5 }),
      0,
      'validating "arguments": validating root: validating /properties/page: type: 1.5 has type "number", want "integer"',
    );
    expectFailure(
      call('list_builds', { page: '2' }),
      0,
      'validating "arguments": validating root: validating /properties/page: type: 2 has type "string", want "integer"',
    );
    expectFailure(
      call('unblock_job', { pipeline_slug: 'deploy', build_number: '56', job_id: 'x', fields: { a: 1 } }),
      0,
      /validating \/properties\/fields: validating \/properties\/fields\/additionalProperties: type: 1 has type "integer", want "string"$/,
    );
  });

  it('checks types before additional properties, and those before required ones', () => {
    const { call } = demo();
    expectFailure(call('get_build', { build_number: 1, foo: 'x' }), 0, /type: 1 has type "integer"/);
    expectFailure(call('get_build', { foo: 'x' }), 0, /unexpected additional properties \["foo"\]/);
  });

  it('applies the handler-level checks', () => {
    const { call, ids } = demo();
    expectFailure(call('get_build', { pipeline_slug: 'web', build_number: '141', detail_level: 'summary' }), 0,
      "detail_level must be 'detailed' or 'full'");
    expectFailure(call('list_builds', { detail_level: 'everything' }), 0, "detail_level must be 'summary', 'detailed', or 'full'");
    expectFailure(call('list_agents', { detail_level: 'x' }), 0, "detail_level must be 'summary', 'detailed', or 'full'");
    expectFailure(call('list_annotations', { pipeline_slug: 'web', build_number: '141', scope: 'job' }), 0,
      "job_id is required when scope is 'job'");
    expectFailure(call('create_annotation', { pipeline_slug: 'web', build_number: '141', body: 'x', scope: 'step' }), 0,
      "scope must be 'build' or 'job'");
    expectFailure(
      call('search_logs', { pipeline_slug: 'web', build_number: '141', job_id: ids.jobs.webUnitTestsFailed, pattern: '(unclosed' }),
      0,
      'invalid regex pattern: error parsing regexp: missing closing ): `(unclosed`',
    );
  });
});

describe('fake Buildkite org: access', () => {
  it('answers 404 for another org and for unknown resources', () => {
    const { call, ids } = demo();
    const notFound = '{"message":"Not Found"}';
    expectFailure(call('list_builds', { org_slug: 'globex' }), 404, notFound);
    expectFailure(call('get_build', { pipeline_slug: 'nope', build_number: '1' }), 404, notFound);
    expectFailure(call('get_build', { pipeline_slug: 'web', build_number: '9999' }), 404, notFound);
    expectFailure(call('get_build', { pipeline_slug: 'web', build_number: 'abc' }), 404, notFound);
    expectFailure(call('retry_job', { pipeline_slug: 'web', build_number: '141', job_id: 'nope' }), 404, notFound);
    expectFailure(call('get_cluster_queue', { cluster_id: ids.clusters.deploy, queue_id: ids.queues.default }), 404, notFound);
    expectFailure(call('get_agent', { agent_id: 'nope' }), 404, notFound);
    expectFailure(call('get_test_run', { test_suite_slug: 'web-jest', run_id: 'nope' }), 404, notFound);
  });

  it('answers 403 when the token lacks the scope the tool needs', () => {
    const { call, ids } = demo();
    const outcome = call('retry_job', { pipeline_slug: 'web', build_number: '141', job_id: ids.jobs.webUnitTestsFailed },
      { scopes: ['read_builds'] });
    expectFailure(outcome, 403, '{"message":"Your access token does not have the required `write_builds` scope"}');
    expectFailure(call('tail_logs', { pipeline_slug: 'web', build_number: '141', job_id: ids.jobs.webUnitTestsFailed },
      { scopes: ['read_builds'] }), 403, /read_build_logs/);
    expectFailure(call('current_user', {}, { scopes: ['read_builds'] }), 403, /read_user/);
  });

  it('answers 401 for a caller who is not a user of the org', () => {
    expectFailure(demo().call('current_user', {}, { userId: 'stranger' }), 401, 'buildkite: unauthorized');
  });

  it('records every call with its caller', () => {
    const { org, call, ids } = demo();
    call('current_user');
    call('current_user');
    call('list_builds', { state: 'failed' });
    expect(org.callCounts()).toEqual({ current_user: 2, list_builds: 1 });
    expect(org.calls[2]).toEqual({ tool: 'list_builds', input: { org_slug: 'acme', state: 'failed' }, callerUserId: ids.users.priya.id });
  });

  it('answers the user tools for the caller', () => {
    const { ok, ids } = demo();
    expect(ok('current_user', {}, { userId: ids.users.tom.id })).toEqual({
      created_at: expect.any(String), email: 'tom@acme.dev', id: ids.users.tom.id, name: 'Tom Becker',
    });
    const token = ok('access_token', {}, { scopes: ['read_user', 'read_builds'] });
    expect(Object.keys(token)).toEqual(['created_at', 'description', 'expires_at', 'scopes', 'user', 'uuid']);
    expect(token.scopes).toEqual(['read_user', 'read_builds']);
    expect(token.user).toEqual({ email: 'priya@acme.dev', name: 'Priya Raman' });
    expect(ok('access_token').uuid).toBe(token.uuid);
    expect(ok('access_token', {}, { userId: ids.users.tom.id }).uuid).not.toBe(token.uuid);
    const orgObject = ok('user_token_organization');
    expect(orgObject.slug).toBe('acme');
    expect(Object.keys(orgObject)).toEqual(['agents_url', 'created_at', 'emojis_url', 'graphql_id', 'id', 'name', 'pipelines_url', 'slug', 'url', 'web_url']);
  });
});

describe('fake Buildkite org: JSON semantics of arguments', () => {
  it('treats members set to undefined as absent, like JSON does', () => {
    const { ok } = demo();
    expect(ok('get_build', { pipeline_slug: 'web', build_number: '141', detail_level: undefined }).number).toBe(141);
  });

  it('rejects explicit nulls as the wrong type', () => {
    expectFailure(demo().call('list_builds', { branch: null }), 0,
      'validating "arguments": validating root: validating /properties/branch: type: <invalid reflect.Value> has type "null", want "string"');
  });
});
