/** Test Engine tools and the three user/token tools. */
import type { ToolHandlers } from './context.js';
import { tsOrNull } from './json.js';
import { clientPaginate, paginate } from './paginate.js';
import { failedExecutionShape, testRunShape, testShape } from './shapes-outputs.js';
import { orgShape } from './shapes-users.js';
import { API_BASE } from './store.js';

export const testEngineTools: Pick<ToolHandlers, 'list_test_runs' | 'get_test_run' | 'get_failed_executions' | 'get_test'> = {
  list_test_runs(ctx, input) {
    const { store } = ctx;
    store.suite(input.test_suite_slug);
    const runs = [...store.testRuns.values()]
      .filter((r) => r.suiteSlug === input.test_suite_slug)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const url = `${API_BASE}/analytics/organizations/${store.org.slug}/suites/${input.test_suite_slug}/runs`;
    const page = paginate(runs, input, 100, url);
    return { headers: page.headers, items: page.items.map((r) => testRunShape(store, r)) };
  },

  get_test_run(ctx, input) {
    return testRunShape(ctx.store, ctx.store.testRun(input.test_suite_slug, input.run_id));
  },

  get_failed_executions(ctx, input) {
    const { store } = ctx;
    const run = store.testRun(input.test_suite_slug, input.run_id);
    const executions = store.failedExecutions
      .filter((fe) => fe.runId === run.id)
      .map((fe) => failedExecutionShape(store, fe, input.include_failure_expanded === true));
    return clientPaginate(executions, input, 25);
  },

  get_test(ctx, input) {
    return testShape(ctx.store, ctx.store.test(input.test_suite_slug, input.test_id));
  },
};

export const userTools: Pick<ToolHandlers, 'current_user' | 'access_token' | 'user_token_organization'> = {
  current_user(ctx) {
    const { caller } = ctx;
    return { id: caller.id, name: caller.name, email: caller.email, created_at: tsOrNull(caller.createdAt) };
  },

  access_token(ctx) {
    const { store, caller } = ctx;
    let token = store.tokenIds.get(caller.id);
    if (!token) {
      token = { uuid: store.ids.uuid(), createdAt: store.now() };
      store.tokenIds.set(caller.id, token);
    }
    return {
      uuid: token.uuid,
      scopes: [...ctx.scopes],
      description: 'Buildkite MCP',
      created_at: tsOrNull(token.createdAt),
      user: { name: caller.name, email: caller.email },
      expires_at: null,
    };
  },

  user_token_organization(ctx) {
    return orgShape(ctx.store);
  },
};
