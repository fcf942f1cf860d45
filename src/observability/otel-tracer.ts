import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NO_TRACING, outcomeOf, type SpanAttributes, type Tracer } from './tracer.js';

/** Tracing as started: the tracer for the code, and what the process does with it before it exits. */
export interface Tracing {
  tracer: Tracer;
  /** Exports the spans ended so far (tests; shutdown does it too). */
  flush(): Promise<void>;
  /** Exports what is left and stops; never throws, and gives up after `timeoutMs`. */
  shutdown(timeoutMs?: number): Promise<void>;
}

export interface TracingSettings {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; spans go to its /v1/traces (OTLP/HTTP). */
  otlpEndpoint?: string;
  serviceName: string;
}

const NOTHING_TO_EXPORT: Tracing = { tracer: NO_TRACING, flush: async () => undefined, shutdown: async () => undefined };

/**
 * Starts OpenTelemetry when an endpoint is configured (or a test hands in its own exporter); otherwise
 * returns the no-op tracer without loading a single OpenTelemetry module: every one of them is
 * imported here, dynamically, and only past this check.
 */
export async function startTracing(settings: TracingSettings, exporter?: SpanExporter): Promise<Tracing> {
  if (settings.otlpEndpoint === undefined && exporter === undefined) return NOTHING_TO_EXPORT;
  const [api, { AsyncLocalStorageContextManager }, { BasicTracerProvider, BatchSpanProcessor }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
  ]);
  const spanExporter = exporter ?? (await otlpExporter(settings.otlpEndpoint!));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    spanProcessors: [new BatchSpanProcessor(spanExporter)],
  });
  // The bot's own context manager, not registered globally: nothing else in the process is traced
  // through it, and parents are passed explicitly below.
  const contexts = new AsyncLocalStorageContextManager().enable();
  const otel = provider.getTracer('buildkite-slack-bot');

  const tracer: Tracer = {
    inSpan(name, attributes, work) {
      const span = otel.startSpan(name, { attributes }, contexts.active());
      return contexts.with(api.trace.setSpan(contexts.active(), span), async () => {
        try {
          const result = await work({ set: (more) => span.setAttributes(definedOnly(more)) });
          span.setAttribute('outcome', 'ok');
          return result;
        } catch (error) {
          const outcome = outcomeOf(error);
          span.setAttributes({ outcome });
          // The class only: a failure's message may quote what Buildkite or a person wrote.
          span.setStatus({ code: api.SpanStatusCode.ERROR, message: outcome });
          throw error;
        } finally {
          span.end();
        }
      });
    },
  };

  return {
    tracer,
    flush: () => provider.forceFlush(),
    async shutdown(timeoutMs = 3_000) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([provider.shutdown().catch(() => undefined), deadline]);
      clearTimeout(timer);
      contexts.disable();
    },
  };
}

/** An attribute is set only with a value: an execution id Scalekit did not give is absent, not "" or undefined. */
function definedOnly(attributes: SpanAttributes): SpanAttributes {
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined && value !== null && value !== ''));
}

async function otlpExporter(endpoint: string): Promise<SpanExporter> {
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  // The endpoint variable names the collector; each signal has its own path under it (OTLP's spec).
  return new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
}
