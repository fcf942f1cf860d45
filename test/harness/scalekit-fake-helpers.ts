// Shared set-up for the Scalekit fake tests: a tiny Buildkite org and the real SDK client.
import { ScalekitClient } from '@scalekit-sdk/node';
import type { BuildkiteCaller, BuildkiteOrgApi, ToolOutcome } from '../../src/sandbox/buildkite-org/contract.js';
import { ScalekitFake, type ScalekitFakeOptions } from '../../src/sandbox/scalekit/index.js';

process.env.NO_PROXY = '127.0.0.1';

export const CLIENT_ID = 'skc_test_client';
export const CLIENT_SECRET = 'test-secret';
export const WRITER: BuildkiteCaller = { userId: 'u-writer', scopes: ['read_builds', 'write_builds'] };
export const READER: BuildkiteCaller = { userId: 'u-reader', scopes: ['read_builds'] };

/** Answers a handful of tools the way Buildkite's MCP server shapes them. */
export const tinyOrg: BuildkiteOrgApi = {
  call(caller, tool, input): ToolOutcome {
    switch (tool) {
      case 'get_build':
        return { ok: true, value: { number: Number(input.build_number), state: 'failed', actor: caller.userId } };
      case 'get_build_test_engine_runs':
        return { ok: true, value: [{ id: 'run-1', suite: { id: 's-1', slug: 'web' } }] };
      case 'resume_cluster_queue_dispatch':
        return { ok: true, value: 'Cluster queue dispatch resumed successfully' };
      case 'retry_job':
        if (!caller.scopes.includes('write_builds')) return { ok: false, status: 403, text: '{"message":"Forbidden"}' };
        return { ok: false, status: 422, text: '{"message":"Only failed, timed out or canceled jobs can be retried"}' };
      case 'list_agents':
        return { ok: false, status: 429, text: '{"message":"You have exceeded your API rate limit."}' };
      case 'access_token':
        return { ok: false, status: 401, text: 'buildkite: unauthorized' };
      case 'create_build':
        return { ok: false, status: 0, text: 'validating "arguments": validating root: required: missing properties: ["commit"]' };
      default:
        return { ok: false, status: 404, text: '{"message":"Not Found"}' };
    }
  },
};

export async function startFake(options: Partial<ScalekitFakeOptions> = {}): Promise<ScalekitFake> {
  return new ScalekitFake({ org: tinyOrg, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...options }).start();
}

export function clientFor(
  fake: ScalekitFake,
  options: { secret?: string; toolTimeoutMs?: number; timeoutMs?: number } = {},
): ScalekitClient {
  return new ScalekitClient(fake.url, CLIENT_ID, options.secret ?? CLIENT_SECRET, {
    toolTimeoutMs: options.toolTimeoutMs ?? 10_000,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
}

/** The rejection of `promise`, failing the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
