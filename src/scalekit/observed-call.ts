import type { ToolName } from '../buildkite/tools.js';
import type { Metrics } from '../observability/metrics.js';
import { withRequestContext } from '../observability/request-context.js';
import type { Tracer } from '../observability/tracer.js';
import { GatewayError, Unavailable } from './errors.js';
import { buildUrlAttribute, toolSpanAttributes } from './tool-span.js';

/**
 * One tool call, observed: its outcome and time counted (ok, the GatewayError's kind, or unexpected),
 * a rate limit met counted by whose it was, a span (`buildkite <tool>`) naming its execution and build,
 * and a request context whose log lines name the tool, its execution and duration (the gateway notes
 * those as they become known). `call` is the gateway's own; nothing here reaches the SDK.
 */
export function observedToolCall<T extends { data: unknown; executionId: string }>(
  observers: { metrics: Metrics; tracer: Tracer },
  tool: ToolName,
  input: unknown,
  call: () => Promise<T>,
): Promise<T> {
  const { metrics, tracer } = observers;
  const started = performance.now();
  const settled = (outcome: string) => metrics.toolCall(tool, outcome, (performance.now() - started) / 1000);
  return withRequestContext({ tool, executionId: undefined, durationMs: undefined }, () =>
    tracer.inSpan(`buildkite ${tool}`, toolSpanAttributes(tool, input), async (span) => {
      try {
        const result = await call();
        settled('ok');
        span.set({ 'scalekit.execution_id': result.executionId, ...buildUrlAttribute(result.data) });
        return result;
      } catch (error) {
        settled(error instanceof GatewayError ? error.kind : 'unexpected');
        if (error instanceof Unavailable && error.why === 'rate_limited') metrics.buildkiteRateLimited(tool, error.limiter);
        if (error instanceof GatewayError && error.executionId) span.set({ 'scalekit.execution_id': error.executionId });
        throw error;
      }
    }),
  );
}
