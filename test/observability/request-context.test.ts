import { describe, expect, it } from 'vitest';
import { currentRequestContext, keepRequestContext, startRequestContext, withRequestContext } from '../../src/observability/request-context.js';
import { JsonLogger } from '../../src/json-logger.js';

// One file, one module instance: the order of these tests is the order of a process's life.
describe('the request context is kept only once something reads it', () => {
  it('before any reader, work runs as it is and no context is kept (no AsyncLocalStorage, no promise hooks)', async () => {
    const seen = await startRequestContext({ requestId: 'r1', user: 'U0A' }, async () => withRequestContext({ tool: 'get_build' }, async () => ({ ...currentRequestContext() })));
    expect(seen).toEqual({});
  });

  it('a JSON logger keeps it from then on: a tool call inherits its request\'s fields', async () => {
    new JsonLogger({ stdout: () => undefined, stderr: () => undefined });
    const seen = await startRequestContext({ requestId: 'r2', user: 'U0B' }, async () => withRequestContext({ tool: 'get_build' }, async () => ({ ...currentRequestContext() })));
    expect(seen).toEqual({ requestId: 'r2', user: 'U0B', tool: 'get_build' });
    keepRequestContext();
    expect(currentRequestContext()).toEqual({});
  });
});
