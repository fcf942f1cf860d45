import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the collector received. */
export interface OtlpPost {
  path: string;
  contentType: string;
  body: Buffer;
}

/** A span as OTLP/HTTP's JSON encoding carries it. */
export interface OtlpSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: { key: string; value: Record<string, unknown> }[];
  status?: { code?: number; message?: string };
}

export interface OtlpCollector {
  /** The endpoint to configure (OTEL_EXPORTER_OTLP_ENDPOINT): its base URL. */
  url: string;
  received: OtlpPost[];
  /** Every span of every JSON POST so far, with its resource's attributes. */
  spans(): { span: OtlpSpan; resource: OtlpSpan['attributes'] }[];
  stop(): Promise<void>;
}

/** The value of one attribute of an exported span (whatever its type). */
export const otlpAttribute = (span: OtlpSpan, key: string): unknown => Object.values(span.attributes.find((a) => a.key === key)?.value ?? {})[0];

/** A stand-in OpenTelemetry collector on 127.0.0.1: records every POST, answers 200. */
export async function startOtlpCollector(): Promise<OtlpCollector> {
  const received: OtlpPost[] = [];
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const server: Server = createServer((req, res) => {
    void read(req).then((body) => {
      if (req.method === 'POST') received.push({ path: req.url ?? '', contentType: String(req.headers['content-type'] ?? ''), body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    spans: () =>
      received
        .filter((post) => post.contentType.startsWith('application/json'))
        .flatMap((post) => {
          const body = JSON.parse(post.body.toString('utf8')) as { resourceSpans: { resource: { attributes: OtlpSpan['attributes'] }; scopeSpans: { spans: OtlpSpan[] }[] }[] };
          return body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => ({ span, resource: r.resource.attributes }))));
        }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
