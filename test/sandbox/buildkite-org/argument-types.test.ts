// The argument types of the server's Go structs (google/jsonschema-go: a slice is ["null","array"], a pointer
// ["null",T], a struct takes no other keys), where the connector's page shows a string.
import { describe, expect, it } from 'vitest';
import { TOOL_CATALOGUE } from '../../../src/buildkite/catalogue.js';
import { demo, expectFailure } from '../../harness/buildkite-org-fixture.js';

const ROOT = 'validating "arguments": validating root: ';

type Base = (ids: ReturnType<typeof demo>['ids']) => Record<string, unknown>;
const BASES: Record<string, Base> = {
  create_build: () => ({ pipeline_slug: 'deploy', branch: 'main', commit: 'HEAD', message: 'Ship it' }),
  create_pipeline: (ids) => ({ name: 'Docs', repository_url: 'git@github.com:acme/docs.git', cluster_id: ids.clusters.main, configuration: 'steps: []' }),
  update_pipeline: () => ({ pipeline_slug: 'web' }),
  create_pipeline_schedule: () => ({ pipeline_slug: 'api', cronline: '@daily' }),
  update_pipeline_schedule: (ids) => ({ pipeline_slug: 'mobile', schedule_id: ids.schedules.mobileWeekly }),
  update_cluster: (ids) => ({ cluster_id: ids.clusters.main }),
};

/** Each corrected parameter: a value of the real type, the string the page's type led to, and the refusal. */
const CORRECTED: [tool: string, param: string, real: unknown, old: string, refusal: string][] = [
  ['create_build', 'environment', [{ key: 'FOO', value: 'bar' }], '[{"key":"FOO","value":"bar"}]',
    'validating /properties/environment: type: [{"key":"FOO","value":"bar"}] has type "string", want one of "null, array"'],
  ['create_build', 'metadata', [{ key: 'release', value: '4.2' }], '[{"key":"release","value":"4.2"}]',
    'validating /properties/metadata: type: [{"key":"release","value":"4.2"}] has type "string", want one of "null, array"'],
  ['create_pipeline', 'tags', ['docs', 'static'], 'docs,static',
    'validating /properties/tags: type: docs,static has type "string", want one of "null, array"'],
  ['update_pipeline', 'tags', ['frontend'], 'frontend',
    'validating /properties/tags: type: frontend has type "string", want one of "null, array"'],
  ['update_pipeline', 'skip_queued_branch_builds', true, 'true',
    'validating /properties/skip_queued_branch_builds: type: true has type "string", want one of "null, boolean"'],
  ['update_pipeline', 'cancel_running_branch_builds', false, 'false',
    'validating /properties/cancel_running_branch_builds: type: false has type "string", want one of "null, boolean"'],
  ['create_pipeline_schedule', 'enabled', false, 'false',
    'validating /properties/enabled: type: false has type "string", want one of "null, boolean"'],
  ['update_pipeline_schedule', 'enabled', true, 'true',
    'validating /properties/enabled: type: true has type "string", want one of "null, boolean"'],
];

describe('fake Buildkite org: the argument types of the server', () => {
  it.each(CORRECTED)('%s.%s: the real type is accepted, the old string form refused', (tool, param, real, old, refusal) => {
    const { ok, call, ids } = demo();
    const base = BASES[tool]!(ids);
    expect(ok(tool, { ...base, [param]: real })).toBeTruthy();
    expectFailure(call(tool, { ...base, [param]: old }), 0, ROOT + refusal);
    // A slice or pointer also takes null (nil in Go).
    expect(ok(tool, { ...BASES[tool]!(ids), ...(tool === 'create_pipeline' ? { name: 'Docs 2' } : {}), [param]: null })).toBeTruthy();
  });

  it('marks each corrected parameter in the catalogue with the Go type', () => {
    const params = (tool: string) => (TOOL_CATALOGUE as Record<string, { params: Record<string, unknown> }>)[tool]!.params;
    expect(params('create_build').environment).toEqual({ type: 'array', items: 'key_value', nullable: true, required: false });
    expect(params('create_pipeline').tags).toEqual({ type: 'array', items: 'string', nullable: true, required: false });
    expect(params('update_pipeline_schedule').enabled).toEqual({ type: 'boolean', nullable: true, required: false });
    expect(params('update_cluster').name).toEqual({ type: 'string', nullable: true, required: false });
    // A plain Go bool or map is not nullable.
    expect(params('create_pipeline').skip_queued_branch_builds).toEqual({ type: 'boolean', required: false });
    expect(params('create_pipeline_schedule').env).toEqual({ type: 'object', required: false });
  });

  it('checks each {key, value} entry as Go Entry: an object, both strings, both present, nothing else', () => {
    const { call } = demo();
    const base = BASES.create_build!(demo().ids);
    const items = 'validating /properties/environment: validating /properties/environment/items: ';
    expectFailure(call('create_build', { ...base, environment: ['FOO=bar'] }), 0, `${ROOT}${items}type: FOO=bar has type "string", want "object"`);
    expectFailure(call('create_build', { ...base, environment: [{ key: 'FOO', value: 1 }] }), 0,
      `${ROOT}${items}validating /properties/environment/items/properties/value: type: 1 has type "integer", want "string"`);
    expectFailure(call('create_build', { ...base, environment: [{ key: 'FOO', value: 'bar', secret: true }] }), 0,
      `${ROOT}${items}unexpected additional properties ["secret"]`);
    expectFailure(call('create_build', { ...base, environment: [{ key: 'FOO' }] }), 0, `${ROOT}${items}required: missing properties: ["value"]`);
    // The old form of a map is no list either.
    expectFailure(call('create_build', { ...base, metadata: { release: '4.2' } }), 0,
      `${ROOT}validating /properties/metadata: type: map[release:4.2] has type "object", want one of "null, array"`);
  });

  it('checks every tag is a string', () => {
    expectFailure(demo().call('update_pipeline', { pipeline_slug: 'web', tags: ['ok', 1] }), 0,
      `${ROOT}validating /properties/tags: validating /properties/tags/items: type: 1 has type "integer", want "string"`);
  });

  it('takes null only where the Go field is a pointer or slice', () => {
    const { call, ok, ids } = demo();
    expectFailure(call('create_pipeline', { ...BASES.create_pipeline!(ids), skip_queued_branch_builds: null }), 0,
      `${ROOT}validating /properties/skip_queued_branch_builds: type: <invalid reflect.Value> has type "null", want "boolean"`);
    expectFailure(call('create_pipeline_schedule', { pipeline_slug: 'api', cronline: '@daily', env: null }), 0,
      `${ROOT}validating /properties/env: type: <invalid reflect.Value> has type "null", want "object"`);
    expectFailure(call('update_cluster', { cluster_id: ids.clusters.main, name: 5 }), 0,
      `${ROOT}validating /properties/name: type: 5 has type "integer", want one of "null, string"`);
    // A nil pointer leaves the field as it was.
    expect(ok('update_cluster', { cluster_id: ids.clusters.main, name: null, description: 'Main' })).toMatchObject({ description: 'Main' });
    expect(ok('update_pipeline_schedule', { ...BASES.update_pipeline_schedule!(ids), enabled: null })).toMatchObject({ enabled: false });
  });

  it('reads the entries into the build: a later key wins, as the server builds its map', () => {
    const { ok } = demo();
    const build = ok('create_build', {
      ...BASES.create_build!(demo().ids),
      environment: [{ key: 'FOO', value: 'old' }, { key: 'FOO', value: 'bar' }, { key: 'REGION', value: 'eu' }],
      metadata: [{ key: 'release', value: '4.2' }],
    });
    expect(build).toMatchObject({ env: { FOO: 'bar', REGION: 'eu' }, meta_data: { release: '4.2' } });
  });

  it('switches a schedule with booleans', () => {
    const { ok, ids } = demo();
    const base = BASES.update_pipeline_schedule!(ids);
    expect(ok('update_pipeline_schedule', { ...base, enabled: true })).toMatchObject({ enabled: true });
    expect(ok('update_pipeline_schedule', { ...base, enabled: false })).toMatchObject({ enabled: false });
    expect(ok('create_pipeline_schedule', { ...BASES.create_pipeline_schedule!(ids), enabled: false })).toMatchObject({ enabled: false });
  });
});
