import { z } from 'zod';
import { DEFAULT_SQLITE_PATH, type StoreLocation } from './store/location.js';

/** Where the README explains every variable; named in the start-up error. */
const CONFIG_DOCS = 'README.md, section "Configuration"';

const SLACK_API_DEFAULT = 'https://slack.com/api/';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const schema = z
  .object({
    SLACK_BOT_TOKEN: z.string().trim().startsWith('xoxb-', 'must be a bot token starting with "xoxb-"'),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), {
      message: 'must be an app-level token starting with "xapp-"',
    }),
    PORT: z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535).default(3000),
    SLACK_API_URL: z.url({ message: 'must be a URL' }).default(SLACK_API_DEFAULT),
    SCALEKIT_ENVIRONMENT_URL: optionalText.pipe(z.url({ message: 'must be a URL such as https://acme.scalekit.com' }).optional()),
    SCALEKIT_ENV_URL: optionalText.pipe(z.url({ message: 'must be a URL such as https://acme.scalekit.com' }).optional()),
    SCALEKIT_CLIENT_ID: z.string().trim().min(1, 'is required'),
    SCALEKIT_CLIENT_SECRET: z.string().trim().min(1, 'is required'),
    SCALEKIT_CONNECTION_NAME: z.string().trim().min(1).default('buildkitemcp'),
    SCALEKIT_TOOL_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    BUILDKITE_ORG_SLUG: optionalText,
    BUILDKITE_WEBHOOK_TOKEN: optionalText,
    BUILDKITE_POLL_SECONDS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(86_400).optional()),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    IDENTITY_CHECK: z.enum(['email', 'off']).default('email'),
    PUBLIC_URL: optionalText.pipe(z.url({ message: 'must be the bot\'s public URL, such as https://bot.example.com' }).optional()),
    SLACK_CLIENT_ID: optionalText,
    SLACK_CLIENT_SECRET: optionalText,
    DATABASE_URL: optionalText.refine((v) => v === undefined || /^(postgres(ql)?:\/\/|sqlite:|file:)/i.test(v), {
      message: 'must be postgres://… (PostgreSQL) or sqlite:PATH (a SQLite file)',
    }),
    AUDIT_RETENTION_DAYS: z.coerce.number({ message: 'must be a number of days' }).int().min(1, 'must be at least 1 day').default(90),
    // Unset: no metrics listener. Never PORT: /metrics is for the cluster's scraper, not the internet.
    METRICS_PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535).optional()),
    LOG_FORMAT: z.enum(['text', 'json']).default('text'),
    // Read by OpenTelemetry's SDK too; here so a malformed value stops the bot with the others.
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalText.pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://otel-collector:4318' }).optional()),
    OTEL_SERVICE_NAME: z.string().trim().min(1).default('buildkite-slack-bot'),
  });

/** Every variable the bot reads: what a deployment file may set (test/deploy checks them against this). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

/** Checks that span several variables; run on the raw environment so they are reported with the others. */
function crossFieldProblems(env: Record<string, string | undefined>): string[] {
  const set = (name: string) => (env[name] ?? '').trim() !== '';
  const problems: string[] = [];
  // Socket Mode needs no signing secret (Slack never calls us over HTTP); HTTP mode cannot verify without it.
  if (!set('SLACK_APP_TOKEN') && !set('SLACK_SIGNING_SECRET')) {
    problems.push('SLACK_SIGNING_SECRET is required in HTTP mode (set it, or set SLACK_APP_TOKEN for Socket Mode)');
  }
  const verification = ['PUBLIC_URL', 'SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET'];
  if (verification.some(set) && !verification.every(set)) {
    problems.push(`user verification needs all of ${verification.join(', ')} (missing: ${verification.filter((n) => !set(n)).join(', ')})`);
  }
  if (!set('SCALEKIT_ENVIRONMENT_URL') && !set('SCALEKIT_ENV_URL')) {
    problems.push('SCALEKIT_ENVIRONMENT_URL is required (SCALEKIT_ENV_URL is accepted too)');
  }
  if (set('METRICS_PORT') && Number(env.METRICS_PORT) !== 0 && Number(env.METRICS_PORT) === Number(set('PORT') ? env.PORT : 3000)) {
    problems.push('METRICS_PORT must differ from PORT: /metrics is served apart from the public port');
  }
  for (const [name, placeholder] of Object.entries(PLACEHOLDERS)) {
    if (env[name]?.trim() === placeholder) problems.push(`${name} is still the placeholder from .env.example (${placeholder}): put the real value there`);
  }
  return problems;
}

/** The example values of `.env.example`: copied but never filled in, they would fail later and less clearly. */
const PLACEHOLDERS: Record<string, string> = {
  SLACK_BOT_TOKEN: 'xoxb-...',
  SLACK_APP_TOKEN: 'xapp-...',
  SCALEKIT_ENVIRONMENT_URL: 'https://your-env.scalekit.com',
};

export interface Config {
  slack: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl: string;
    port: number;
  };
  scalekit: {
    environmentUrl: string;
    clientId: string;
    clientSecret: string;
    connectionName: string;
    toolTimeoutMs: number;
  };
  /** `webhookToken`: verifies Buildkite's webhook deliveries (POST /buildkite/webhook), which feed notifications. */
  buildkite: {
    orgSlug?: string;
    webhookToken?: string;
    /** Seconds between polls of subscribed pipelines; 0: no polling. */
    pollSeconds: number;
  };
  store: StoreLocation;
  audit: { retentionDays: number };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** `text`: `[INFO]  name message` lines; `json`: one JSON object per line for a log collector. */
  logFormat: 'text' | 'json';
  /**
   * `metricsPort`: where `GET /metrics` (Prometheus text) is served, apart from PORT; unset: nowhere.
   * `otlpEndpoint`: where traces go; unset, OpenTelemetry is never loaded.
   */
  observability: { metricsPort?: number; otlpEndpoint?: string; serviceName: string };
  /**
   * `email`: a new connection is kept only when its Buildkite e-mail is the Slack user's (a forwarded
   * link completed by someone else never acts). `off`: for workspaces whose addresses differ.
   */
  identityCheck: 'email' | 'off';
  /**
   * Scalekit user verification: after Buildkite's OAuth the browser comes back to the bot, which signs
   * it in with Slack and activates the connection only for the Slack user the link was sent to.
   */
  userVerification?: { publicUrl: string; slackClientId: string; slackClientSecret: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The bot cannot start: its configuration has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}.\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        `\nSee ${CONFIG_DOCS}.`,
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment into a typed Config, or throws one ConfigError listing every problem. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  const problems = (result.error?.issues ?? []).map((issue) => {
    const name = issue.path.join('.') || 'environment';
    const missing = issue.code === 'invalid_type' && env[name] === undefined;
    return missing ? `${name} is required` : `${name} ${issue.message}`;
  });
  problems.push(...crossFieldProblems(env));
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const e = result.data;
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      // WebClient joins method names onto this URL, so it must end in a slash.
      apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
      port: e.PORT,
    },
    scalekit: {
      environmentUrl: (e.SCALEKIT_ENVIRONMENT_URL ?? e.SCALEKIT_ENV_URL)!.replace(/\/+$/, ''),
      clientId: e.SCALEKIT_CLIENT_ID,
      clientSecret: e.SCALEKIT_CLIENT_SECRET,
      connectionName: e.SCALEKIT_CONNECTION_NAME,
      toolTimeoutMs: e.SCALEKIT_TOOL_TIMEOUT_MS,
    },
    buildkite: {
      orgSlug: e.BUILDKITE_ORG_SLUG,
      ...(e.BUILDKITE_WEBHOOK_TOKEN ? { webhookToken: e.BUILDKITE_WEBHOOK_TOKEN } : {}),
      // Without webhooks, polling is how notifications arrive; with them, a slow reconcile catches dropped deliveries.
      pollSeconds: e.BUILDKITE_POLL_SECONDS ?? (e.BUILDKITE_WEBHOOK_TOKEN ? 300 : 60),
    },
    store: storeLocation(e.DATABASE_URL),
    audit: { retentionDays: e.AUDIT_RETENTION_DAYS },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    observability: {
      ...(e.METRICS_PORT !== undefined ? { metricsPort: e.METRICS_PORT } : {}),
      ...(e.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
      serviceName: e.OTEL_SERVICE_NAME,
    },
    identityCheck: e.IDENTITY_CHECK,
    ...(e.PUBLIC_URL && e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET
      ? { userVerification: { publicUrl: e.PUBLIC_URL.replace(/\/+$/, ''), slackClientId: e.SLACK_CLIENT_ID, slackClientSecret: e.SLACK_CLIENT_SECRET } }
      : {}),
  };
}

/** Unset: the embedded SQLite file. postgres://…: PostgreSQL (several replicas). sqlite:PATH / file:PATH: another file. */
function storeLocation(url: string | undefined): StoreLocation {
  if (url === undefined) return { kind: 'sqlite', path: DEFAULT_SQLITE_PATH };
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', url };
  return { kind: 'sqlite', path: url.replace(/^(sqlite|file):(\/\/)?/i, '') || DEFAULT_SQLITE_PATH };
}
