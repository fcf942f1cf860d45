import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'otel-loading-'));

/** A module resolve hook (module.register): every @opentelemetry module resolved is appended to a file. */
writeFileSync(
  join(dir, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (specifier.includes('@opentelemetry') || result.url.includes('@opentelemetry')) appendFileSync(process.env.OTEL_LOAD_RECORD, result.url + '\\n');
  return result;
}
`,
);
writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);

/**
 * The bot composed as main.ts composes it (every module main.ts loads, the config, tracing, the deps),
 * a span run through the deps' tracer, then what was loaded: the ESM resolutions the hook saw and CommonJS's require cache.
 */
writeFileSync(
  join(dir, 'compose-bot.mts'),
  `import { createRequire } from 'node:module';
const root = process.env.BOT_ROOT;
const { parseConfig } = await import(root + '/src/config.ts');
const { createLogger } = await import(root + '/src/logger.ts');
const { composeDeps } = await import(root + '/src/compose.ts');
await import(root + '/src/app.ts');
const { MemoryStore } = await import(root + '/src/store/memory.ts');
const { startTracing } = await import(root + '/src/observability/otel-tracer.ts');
await import(root + '/src/store/open.ts');
await import(root + '/src/scalekit/readiness.ts');
await import(root + '/src/slack/workspace-emoji.ts');
const config = parseConfig({
  SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret', SCALEKIT_ENVIRONMENT_URL: 'https://acme.scalekit.dev', SCALEKIT_CLIENT_ID: 'id', SCALEKIT_CLIENT_SECRET: 'sec',
  OTEL_EXPORTER_OTLP_ENDPOINT: process.env.ENDPOINT,
});
const tracing = await startTracing(config.observability);
const deps = composeDeps(config, createLogger('error'), new MemoryStore(), undefined, tracing.tracer);
const answer = await deps.tracer.inSpan('a span', {}, async () => 42);
await tracing.shutdown(500);
const cjs = Object.keys(createRequire(import.meta.url).cache).filter((path) => path.includes('@opentelemetry'));
console.log(JSON.stringify({ answer, cjs }));
// As main.ts does after its bounded flush: an exporter still retrying a collector away holds no process.
process.exit(0);
`,
);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the composition in a fresh `node --import tsx` process; `endpoint`: OTEL_EXPORTER_OTLP_ENDPOINT. */
async function compose(name: string, endpoint?: string): Promise<{ answer: number; esm: string[]; cjs: string[] }> {
  const record = join(dir, `${name}.txt`);
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--import', join(dir, 'register.mjs'), join(dir, 'compose-bot.mts')], {
    cwd: ROOT,
    env: { ...process.env, BOT_ROOT: ROOT, OTEL_LOAD_RECORD: record, ...(endpoint ? { ENDPOINT: endpoint } : {}) },
    timeout: 60_000,
  });
  const { answer, cjs } = JSON.parse(stdout.trim().split('\n').at(-1)!) as { answer: number; cjs: string[] };
  const esm = existsSync(record) ? readFileSync(record, 'utf8').split('\n').filter(Boolean) : [];
  return { answer, esm, cjs };
}

/**
 * prom-client requires `@opentelemetry/api` (the no-op facade, for exemplars) whenever it is imported; that is
 * the API package only. What tracing would load (the SDK, the exporter, resources) must stay out.
 */
const beyondTheApi = (paths: string[]) => paths.filter((path) => !/@opentelemetry\/api\//.test(path));

describe('without OTEL_EXPORTER_OTLP_ENDPOINT nothing of OpenTelemetry is loaded', () => {
  it('the bot composed and a span run: no @opentelemetry module resolved or required beyond the no-op API', async () => {
    const off = await compose('off');
    expect(off.answer).toBe(42);
    expect(beyondTheApi(off.esm)).toEqual([]);
    expect(beyondTheApi(off.cjs)).toEqual([]);
  }, 60_000);

  it('the same composition with an endpoint does load it (the check sees what it looks for)', async () => {
    const on = await compose('on', 'http://127.0.0.1:9');
    expect(on.answer).toBe(42);
    const loaded = [...on.esm, ...on.cjs].join('\n');
    expect(loaded).toContain('@opentelemetry/sdk-trace-base');
    expect(loaded).toContain('@opentelemetry/exporter-trace-otlp-http');
  }, 60_000);
});
