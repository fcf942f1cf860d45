/**
 * The schema, as numbered steps. One list holds both dialects so SQLite and PostgreSQL can never
 * disagree about what version N means. Applied steps are never edited: a change is a new step.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'links, org cache, channel pipelines, claims, audit log',
    sqlite: `
      CREATE TABLE auth_links (user_id TEXT PRIMARY KEY, url TEXT NOT NULL, expires_at INTEGER NOT NULL);
      CREATE TABLE org_slugs (user_id TEXT PRIMARY KEY, slug TEXT NOT NULL);
      CREATE TABLE channel_pipelines (
        team_id TEXT NOT NULL, channel_id TEXT NOT NULL, pipeline TEXT NOT NULL,
        PRIMARY KEY (team_id, channel_id));
      CREATE TABLE interaction_claims (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        team_id TEXT NOT NULL, user_id TEXT NOT NULL, channel_id TEXT, message_ts TEXT,
        tool TEXT NOT NULL, input TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('started', 'succeeded', 'failed')),
        reason TEXT, execution_id TEXT, finished_at INTEGER);
      CREATE INDEX audit_log_channel ON audit_log (team_id, channel_id, at DESC, id DESC);
      CREATE INDEX audit_log_at ON audit_log (at);
    `,
    postgres: `
      CREATE TABLE auth_links (user_id TEXT PRIMARY KEY, url TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL);
      CREATE TABLE org_slugs (user_id TEXT PRIMARY KEY, slug TEXT NOT NULL);
      CREATE TABLE channel_pipelines (
        team_id TEXT NOT NULL, channel_id TEXT NOT NULL, pipeline TEXT NOT NULL,
        PRIMARY KEY (team_id, channel_id));
      CREATE TABLE interaction_claims (key TEXT PRIMARY KEY, expires_at TIMESTAMPTZ NOT NULL);
      CREATE TABLE audit_log (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at TIMESTAMPTZ NOT NULL,
        team_id TEXT NOT NULL, user_id TEXT NOT NULL, channel_id TEXT, message_ts TEXT,
        tool TEXT NOT NULL, input JSONB NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('started', 'succeeded', 'failed')),
        reason TEXT, execution_id TEXT, finished_at TIMESTAMPTZ);
      CREATE INDEX audit_log_channel ON audit_log (team_id, channel_id, at DESC, id DESC);
      CREATE INDEX audit_log_at ON audit_log (at);
    `,
  },
  {
    version: 2,
    name: 'incidents',
    sqlite: `
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY, team_id TEXT NOT NULL, channel_id TEXT NOT NULL,
        created_at TEXT NOT NULL, closed_at TEXT, record TEXT NOT NULL);
      CREATE INDEX incidents_open ON incidents (team_id, channel_id, created_at DESC) WHERE closed_at IS NULL;
    `,
    postgres: `
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY, team_id TEXT NOT NULL, channel_id TEXT NOT NULL,
        created_at TEXT NOT NULL, closed_at TEXT, record JSONB NOT NULL);
      CREATE INDEX incidents_open ON incidents (team_id, channel_id, created_at DESC) WHERE closed_at IS NULL;
    `,
  },
  {
    version: 3,
    name: 'channel settings',
    sqlite: `
      CREATE TABLE channel_settings (
        team_id TEXT NOT NULL, channel_id TEXT NOT NULL, settings TEXT NOT NULL,
        PRIMARY KEY (team_id, channel_id));
    `,
    postgres: `
      CREATE TABLE channel_settings (
        team_id TEXT NOT NULL, channel_id TEXT NOT NULL, settings JSONB NOT NULL,
        PRIMARY KEY (team_id, channel_id));
    `,
  },
  {
    version: 4,
    name: 'verified identities',
    sqlite: `
      CREATE TABLE verified_identities (
        user_id TEXT PRIMARY KEY, buildkite_user_id TEXT NOT NULL, email TEXT NOT NULL, verified_at INTEGER NOT NULL);
    `,
    postgres: `
      CREATE TABLE verified_identities (
        user_id TEXT PRIMARY KEY, buildkite_user_id TEXT NOT NULL, email TEXT NOT NULL, verified_at TIMESTAMPTZ NOT NULL);
    `,
  },
  {
    version: 5,
    name: 'subscriptions and build cards',
    sqlite: `
      CREATE TABLE subscriptions (
        team_id TEXT NOT NULL, channel_id TEXT NOT NULL, pipeline TEXT NOT NULL, record TEXT NOT NULL,
        PRIMARY KEY (team_id, channel_id, pipeline));
      CREATE INDEX subscriptions_pipeline ON subscriptions (pipeline);
      CREATE TABLE build_cards (
        build_id TEXT NOT NULL, channel_id TEXT NOT NULL, team_id TEXT NOT NULL, ts TEXT NOT NULL, read_as TEXT NOT NULL, rank INTEGER NOT NULL,
        PRIMARY KEY (build_id, channel_id));
    `,
    postgres: `
      CREATE TABLE subscriptions (
        team_id TEXT NOT NULL, channel_id TEXT NOT NULL, pipeline TEXT NOT NULL, record JSONB NOT NULL,
        PRIMARY KEY (team_id, channel_id, pipeline));
      CREATE INDEX subscriptions_pipeline ON subscriptions (pipeline);
      CREATE TABLE build_cards (
        build_id TEXT NOT NULL, channel_id TEXT NOT NULL, team_id TEXT NOT NULL, ts TEXT NOT NULL, read_as TEXT NOT NULL, rank BIGINT NOT NULL,
        PRIMARY KEY (build_id, channel_id));
    `,
  },
  {
    version: 6,
    name: 'link previews and personal notifications',
    sqlite: `
      CREATE TABLE previews (
        build_id TEXT NOT NULL, channel_id TEXT NOT NULL, message_ts TEXT NOT NULL, url TEXT NOT NULL,
        team_id TEXT NOT NULL, read_as TEXT NOT NULL, rank INTEGER NOT NULL,
        PRIMARY KEY (build_id, channel_id, message_ts, url));
      CREATE TABLE personal_notifications (
        team_id TEXT NOT NULL, user_id TEXT NOT NULL, buildkite_user_id TEXT NOT NULL, record TEXT NOT NULL,
        PRIMARY KEY (team_id, user_id));
      CREATE INDEX personal_notifications_creator ON personal_notifications (buildkite_user_id);
    `,
    postgres: `
      CREATE TABLE previews (
        build_id TEXT NOT NULL, channel_id TEXT NOT NULL, message_ts TEXT NOT NULL, url TEXT NOT NULL,
        team_id TEXT NOT NULL, read_as TEXT NOT NULL, rank BIGINT NOT NULL,
        PRIMARY KEY (build_id, channel_id, message_ts, url));
      CREATE TABLE personal_notifications (
        team_id TEXT NOT NULL, user_id TEXT NOT NULL, buildkite_user_id TEXT NOT NULL, record JSONB NOT NULL,
        PRIMARY KEY (team_id, user_id));
      CREATE INDEX personal_notifications_creator ON personal_notifications (buildkite_user_id);
    `,
  },
  {
    version: 7,
    name: 'red streaks',
    sqlite: `
      CREATE TABLE red_streaks (
        id TEXT PRIMARY KEY, team_id TEXT NOT NULL, channel_id TEXT NOT NULL, pipeline TEXT NOT NULL, branch TEXT NOT NULL,
        red_since TEXT NOT NULL, fixed_at TEXT, record TEXT NOT NULL);
      CREATE INDEX red_streaks_open ON red_streaks (team_id, channel_id, pipeline, branch, red_since DESC) WHERE fixed_at IS NULL;
    `,
    postgres: `
      CREATE TABLE red_streaks (
        id TEXT PRIMARY KEY, team_id TEXT NOT NULL, channel_id TEXT NOT NULL, pipeline TEXT NOT NULL, branch TEXT NOT NULL,
        red_since TEXT NOT NULL, fixed_at TEXT, record JSONB NOT NULL);
      CREATE INDEX red_streaks_open ON red_streaks (team_id, channel_id, pipeline, branch, red_since DESC) WHERE fixed_at IS NULL;
    `,
  },
  {
    version: 8,
    name: 'diagnoses',
    sqlite: `
      CREATE TABLE diagnoses (
        team_id TEXT NOT NULL, channel_id TEXT NOT NULL, pipeline TEXT NOT NULL, build_number INTEGER NOT NULL, record TEXT NOT NULL,
        PRIMARY KEY (team_id, channel_id, pipeline, build_number));
    `,
    postgres: `
      CREATE TABLE diagnoses (
        team_id TEXT NOT NULL, channel_id TEXT NOT NULL, pipeline TEXT NOT NULL, build_number BIGINT NOT NULL, record JSONB NOT NULL,
        PRIMARY KEY (team_id, channel_id, pipeline, build_number));
    `,
  },
  {
    version: 9,
    name: 'approval requests',
    sqlite: `
      CREATE TABLE approval_requests (
        build_id TEXT NOT NULL, channel_id TEXT NOT NULL, team_id TEXT NOT NULL, record TEXT NOT NULL,
        PRIMARY KEY (build_id, channel_id));
    `,
    postgres: `
      CREATE TABLE approval_requests (
        build_id TEXT NOT NULL, channel_id TEXT NOT NULL, team_id TEXT NOT NULL, record JSONB NOT NULL,
        PRIMARY KEY (build_id, channel_id));
    `,
  },
  {
    version: 10,
    name: 'channel digests',
    sqlite: `
      CREATE TABLE digests (
        team_id TEXT NOT NULL, channel_id TEXT NOT NULL, scope TEXT NOT NULL, record TEXT NOT NULL,
        PRIMARY KEY (team_id, channel_id, scope));
    `,
    postgres: `
      CREATE TABLE digests (
        team_id TEXT NOT NULL, channel_id TEXT NOT NULL, scope TEXT NOT NULL, record JSONB NOT NULL,
        PRIMARY KEY (team_id, channel_id, scope));
    `,
  },
];

export const LATEST_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** Kept apart from the schema steps so every back-end can ask "which steps are applied?" first. */
export const MIGRATIONS_TABLE = 'schema_migrations';
