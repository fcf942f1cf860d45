import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parsePgUrl } from 'pg-connection-string';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';
import { VALID_ENV } from './harness/config-fixture.js';

const valid = VALID_ENV;

describe('configuration', () => {
  it('fills defaults', () => {
    const c = parseConfig(valid);
    expect(c.slack.port).toBe(3000);
    expect(c.slack.apiUrl).toBe('https://slack.com/api/');
    expect(c.scalekit.connectionName).toBe('buildkitemcp');
    expect(c.scalekit.environmentUrl).toBe('https://acme.scalekit.dev');
  });
  it('accepts SCALEKIT_ENV_URL, the other name in Scalekit docs', () => {
    const { SCALEKIT_ENVIRONMENT_URL: _, ...rest } = valid;
    expect(parseConfig({ ...rest, SCALEKIT_ENV_URL: 'http://127.0.0.1:9' }).scalekit.environmentUrl).toBe('http://127.0.0.1:9');
  });
  it('refuses the placeholder values of .env.example, naming each', () => {
    try {
      parseConfig({ ...valid, SLACK_BOT_TOKEN: 'xoxb-...', SCALEKIT_ENVIRONMENT_URL: 'https://your-env.scalekit.com' });
      expect.unreachable();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('SLACK_BOT_TOKEN is still the placeholder'), expect.stringContaining('SCALEKIT_ENVIRONMENT_URL is still the placeholder')]));
    }
  });
  it('passes PostgreSQL TLS settings in DATABASE_URL through to pg, which reads them from the URL', () => {
    const ca = join(mkdtempSync(join(tmpdir(), 'pg-ca-')), 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const url = `postgres://bot:secret@db.internal:5432/bot?sslmode=verify-full&sslrootcert=${ca}`;
    const store = parseConfig({ ...valid, DATABASE_URL: url }).store;
    expect(store).toEqual({ kind: 'postgres', url });
    // PostgresStore hands the URL to pg.Pool as connectionString; pg parses it with pg-connection-string.
    expect(parsePgUrl(url).ssl).toEqual({ ca: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(parsePgUrl('postgres://bot@db/bot?sslmode=verify-full').ssl).toEqual({});
    expect(parsePgUrl('postgres://bot@db/bot?sslmode=no-verify').ssl).toEqual({ rejectUnauthorized: false });
  });
  it('needs no signing secret in Socket Mode', () => {
    const { SLACK_SIGNING_SECRET: _, ...rest } = valid;
    expect(parseConfig({ ...rest, SLACK_APP_TOKEN: 'xapp-1' }).slack.appToken).toBe('xapp-1');
  });
  it('lists every problem in one error that names the README section', () => {
    try {
      parseConfig({ SLACK_BOT_TOKEN: 'nope', PORT: 'x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const e = error as ConfigError;
      expect(e.problems).toEqual(
        expect.arrayContaining([
          expect.stringContaining('SLACK_BOT_TOKEN'),
          expect.stringContaining('PORT'),
          expect.stringContaining('SLACK_SIGNING_SECRET'),
          expect.stringContaining('SCALEKIT_ENVIRONMENT_URL'),
          'SCALEKIT_CLIENT_ID is required',
          'SCALEKIT_CLIENT_SECRET is required',
        ]),
      );
      expect(e.message).toContain('README.md, section "Configuration"');
    }
  });
});

describe('store configuration', () => {
  it('defaults to SQLite at ./data/bot.db with 90 days of audit', () => {
    const c = parseConfig(valid);
    expect(c.store).toEqual({ kind: 'sqlite', path: './data/bot.db' });
    expect(c.audit.retentionDays).toBe(90);
  });
  it('reads PostgreSQL and SQLite URLs and the retention', () => {
    expect(parseConfig({ ...valid, DATABASE_URL: 'postgres://u:p@db:5432/bot' }).store).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/bot' });
    expect(parseConfig({ ...valid, DATABASE_URL: 'postgresql://db/bot' }).store.kind).toBe('postgres');
    expect(parseConfig({ ...valid, DATABASE_URL: 'sqlite:/var/lib/bot/bot.db' }).store).toEqual({ kind: 'sqlite', path: '/var/lib/bot/bot.db' });
    expect(parseConfig({ ...valid, AUDIT_RETENTION_DAYS: '7' }).audit.retentionDays).toBe(7);
  });
  it('refuses other URLs and a retention below one day', () => {
    expect(() => parseConfig({ ...valid, DATABASE_URL: 'mysql://db/bot' })).toThrow(/DATABASE_URL must be postgres/);
    expect(() => parseConfig({ ...valid, AUDIT_RETENTION_DAYS: '0' })).toThrow(/AUDIT_RETENTION_DAYS/);
  });
  it('reads the observability settings: metrics off, text logs and no tracing unless set', () => {
    const c = parseConfig(valid);
    expect(c.logFormat).toBe('text');
    expect(c.observability).toEqual({ serviceName: 'buildkite-slack-bot' });
    const set = parseConfig({ ...valid, METRICS_PORT: '9464', LOG_FORMAT: 'json', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318', OTEL_SERVICE_NAME: 'ci-bot' });
    expect(set.logFormat).toBe('json');
    expect(set.observability).toEqual({ metricsPort: 9464, otlpEndpoint: 'http://otel:4318', serviceName: 'ci-bot' });
  });
  it('refuses METRICS_PORT equal to PORT, a bad LOG_FORMAT and a collector that is not a URL', () => {
    try {
      parseConfig({ ...valid, PORT: '8080', METRICS_PORT: '8080', LOG_FORMAT: 'xml', OTEL_EXPORTER_OTLP_ENDPOINT: 'otel:4318' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(
        expect.arrayContaining([expect.stringContaining('METRICS_PORT must differ from PORT'), expect.stringContaining('LOG_FORMAT'), expect.stringContaining('OTEL_EXPORTER_OTLP_ENDPOINT')]),
      );
    }
  });
});
