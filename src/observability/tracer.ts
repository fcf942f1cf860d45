/**
 * The little of tracing the product uses: a span around some work, with attributes. The default does
 * nothing; otel-tracer.ts backs it with OpenTelemetry's SDK only when an OTLP endpoint is configured,
 * so nothing of OpenTelemetry is loaded otherwise. Attributes name things (ids, tools, outcomes),
 * never a secret, a link or anything a person typed.
 */
export type SpanAttributes = Record<string, string | number | boolean>;

/** The span `work` runs in: what it learns on the way (an execution id, an outcome) is added here. */
export interface ActiveSpan {
  /** Adds these attributes; one without a value (undefined, "") is left out rather than set empty. */
  set(attributes: SpanAttributes): void;
}

export interface Tracer {
  /**
   * Runs `work` in a new span, a child of the span its caller runs in. The span ends when `work`
   * settles: `outcome` "ok", or the thrown error's class with an error status.
   */
  inSpan<T>(name: string, attributes: SpanAttributes, work: (span: ActiveSpan) => Promise<T>): Promise<T>;
}

const IGNORED_SPAN: ActiveSpan = { set: () => undefined };

/** Tracing off: the work runs as it would without it. */
export const NO_TRACING: Tracer = { inSpan: (_name, _attributes, work) => work(IGNORED_SPAN) };

/** What a failure is called in a span: its class (NotFound, Unavailable…), never its message. */
export function outcomeOf(error: unknown): string {
  return error instanceof Error && error.name ? error.name : 'Error';
}
