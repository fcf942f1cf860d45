#!/usr/bin/env python3
"""Regenerates src/buildkite/catalogue.ts from the connector's tools.json (path as argument)."""
import json, sys
d = json.load(open(sys.argv[1] if len(sys.argv) > 1 else '../shared/reference/tools.json'))
out = ["// The 44 tools of Scalekit's buildkitemcp connector, from its published catalogue.",
       "// Regenerate with scripts/generate-catalogue.py when the connector changes.\n",
       "export const TOOL_PREFIX = 'buildkitemcp_';\n",
       "export const TOOL_CATALOGUE = {"]
for name in sorted(d):
    t = d[name]
    out.append(f"  {name[len('buildkitemcp_'):]}: {{")
    out.append(f"    description: {json.dumps(t['description'])},")
    if not t['params']:
        out.append("    params: {},")
    else:
        out.append("    params: {")
        for k, p in t['params'].items():
            out.append(f"      {k}: {{ type: '{p['type']}', required: {'true' if p['required'] else 'false'} }},")
        out.append("    },")
    out.append("  },")
out.append("} as const;\n")
open('src/buildkite/catalogue.ts', 'w').write("\n".join(out))
