import { buildUrl, parseBuildUrl } from '../buildkite/urls.js';
import type { SpanAttributes } from '../observability/tracer.js';

const slug = (value: unknown): string | undefined => (typeof value === 'string' && /^[a-z0-9][a-z0-9_-]*$/i.test(value) ? value : undefined);
const number = (value: unknown): number | undefined => (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value)) ? Number(value) : undefined);

/**
 * A tool call's span attributes before it runs: the tool, and the build's page when the arguments name
 * one. Only slugs and numbers are read from the arguments: their free text (a message, a branch, an
 * unblock's fields) never becomes an attribute.
 */
export function toolSpanAttributes(tool: string, input: unknown): SpanAttributes {
  const args = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const org = slug(args.org_slug);
  const pipeline = slug(args.pipeline_slug);
  const build = number(args.build_number);
  return { 'buildkite.tool': tool, ...(org && pipeline && build !== undefined ? { 'buildkite.build_url': buildUrl(org, pipeline, build) } : {}) };
}

/** The build's page from a call's answer (a new build's `web_url`), rebuilt from its parts so nothing else of it rides along. */
export function buildUrlAttribute(data: unknown): SpanAttributes {
  const webUrl = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).web_url : undefined;
  const build = typeof webUrl === 'string' ? parseBuildUrl(webUrl) : undefined;
  return build ? { 'buildkite.build_url': buildUrl(build.org, build.pipeline, build.number) } : {};
}
