#!/usr/bin/env python3
"""Regenerates src/buildkite/catalogue.ts from the connector's tools.json (path as argument).

The connector's published page keeps the first member of a JSON-schema type array ("null") and falls
back to "string", so every slice, *bool and *string of the server shows as a plain string. The server's
Go structs decide (google/jsonschema-go: a slice is ["null","array"], a pointer ["null",T], a struct
refuses unknown keys): CORRECTIONS below puts their types back, each with where it was read.
"""
import json, sys

SERVER = 'buildkite-mcp-server v1.7.0, unchanged in v1.19.0'

# tool → (Go struct, file in buildkite/buildkite-mcp-server)
STRUCTS = {
    'create_build': ('CreateBuildArgs', 'pkg/buildkite/builds.go'),
    'create_pipeline': ('CreatePipelineArgs', 'pkg/buildkite/pipelines.go'),
    'update_pipeline': ('UpdatePipelineArgs', 'pkg/buildkite/pipelines.go'),
    'create_pipeline_schedule': ('CreatePipelineScheduleArgs', 'pkg/buildkite/pipeline_schedules.go'),
    'update_pipeline_schedule': ('UpdatePipelineScheduleArgs', 'pkg/buildkite/pipeline_schedules.go'),
    'update_cluster': ('UpdateClusterArgs', 'pkg/buildkite/clusters.go'),
    'update_cluster_queue': ('UpdateClusterQueueArgs', 'pkg/buildkite/cluster_queue.go'),
}

# Go field types as jsonschema-go infers them.
GO_TYPES = {
    '[]Entry': {'type': 'array', 'items': 'key_value', 'nullable': True},  # Entry{Key, Value string}
    '[]string': {'type': 'array', 'items': 'string', 'nullable': True},
    '*bool': {'type': 'boolean', 'nullable': True},
    '*string': {'type': 'string', 'nullable': True},
}

# (tool, parameter) → its Go field type.
CORRECTIONS = {
    ('create_build', 'environment'): '[]Entry',
    ('create_build', 'metadata'): '[]Entry',
    ('create_pipeline', 'tags'): '[]string',
    ('update_pipeline', 'tags'): '[]string',
    ('update_pipeline', 'skip_queued_branch_builds'): '*bool',
    ('update_pipeline', 'cancel_running_branch_builds'): '*bool',
    **{('update_pipeline', p): '*string' for p in
       ('name', 'repository_url', 'cluster_id', 'description', 'configuration', 'default_branch')},
    ('create_pipeline_schedule', 'enabled'): '*bool',
    ('update_pipeline_schedule', 'enabled'): '*bool',
    **{('update_pipeline_schedule', p): '*string' for p in ('cronline', 'label', 'message', 'commit', 'branch')},
    **{('update_cluster', p): '*string' for p in ('name', 'description', 'emoji', 'color', 'default_queue_id')},
    ('update_cluster_queue', 'description'): '*string',
    ('update_cluster_queue', 'retry_agent_affinity'): '*string',
}


def param_line(tool, name, p):
    spec = {'type': p['type']}
    comment = None
    go_type = CORRECTIONS.get((tool, name))
    if go_type:
        spec = dict(GO_TYPES[go_type])
        struct, path = STRUCTS[tool]
        was = '' if spec['type'] == p['type'] else f"; the page says '{p['type']}'"
        comment = f"      // Go {go_type} in {struct}, {path} ({SERVER}){was}"
    parts = [f"type: '{spec['type']}'"]
    if 'items' in spec:
        parts.append(f"items: '{spec['items']}'")
    if spec.get('nullable'):
        parts.append('nullable: true')
    parts.append(f"required: {'true' if p['required'] else 'false'}")
    line = f"      {name}: {{ {', '.join(parts)} }},"
    return [comment, line] if comment else [line]


def main():
    d = json.load(open(sys.argv[1] if len(sys.argv) > 1 else '../shared/reference/tools.json'))
    for tool, name in CORRECTIONS:
        if name not in d[f'buildkitemcp_{tool}']['params']:
            sys.exit(f'correction for {tool}.{name}: no such parameter in the catalogue')
    out = ["// The 44 tools of Scalekit's buildkitemcp connector, from its published catalogue.",
           "// Regenerate with scripts/generate-catalogue.py when the connector changes. Parameters marked",
           "// `// Go …` carry the server's type (the page shows a slice or pointer as a string): `nullable`",
           "// accepts null, `items` is each element's type ('key_value': `{key, value}`, both strings).\n",
           "export const TOOL_PREFIX = 'buildkitemcp_';\n",
           "export const TOOL_CATALOGUE = {"]
    for name in sorted(d):
        t = d[name]
        tool = name[len('buildkitemcp_'):]
        out.append(f"  {tool}: {{")
        out.append(f"    description: {json.dumps(t['description'])},")
        if not t['params']:
            out.append("    params: {},")
        else:
            out.append("    params: {")
            for k, p in t['params'].items():
                out.extend(param_line(tool, k, p))
            out.append("    },")
        out.append("  },")
    out.append("} as const;\n")
    open('src/buildkite/catalogue.ts', 'w').write("\n".join(out))


main()
