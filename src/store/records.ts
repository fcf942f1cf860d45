import { z } from 'zod';
import { createLogger, type Logger } from '../logger.js';

/**
 * How a stored record is read back. Every back-end parses what it reads with the record's schema
 * (declared once, beside its aggregate's interface): a row written by an older version gets the
 * defaults of the fields added since, and a row that does not fit is skipped, as if it were not there,
 * and reported once (UnreadableRecord). Skipping keeps one bad row from stopping every reader of its
 * table (the poller lists every subscription); what it stood for is back to its default (no
 * subscription, the channel's default settings, an identity to check again) until someone saves it again.
 */
export class UnreadableRecord extends Error {
  constructor(
    /** The table (or the memory store's collection of the same name). */
    readonly table: string,
    /** The row's primary key, its columns joined by `/`. */
    readonly key: string,
    /** What did not fit: field paths and zod's messages, never the stored values. */
    readonly problem: string,
  ) {
    super(`stored ${table} record ${key} could not be read and is skipped: ${problem}`);
    this.name = 'UnreadableRecord';
  }
}

export type OnUnreadable = (unreadable: UnreadableRecord) => void;

/** Reports each unreadable record as a warning. */
export function unreadableToLog(logger: Logger): OnUnreadable {
  return (unreadable) => logger.warn(`store: ${unreadable.message}`);
}

/** Only the first report of a row is passed on: a bad subscription is read every poll. */
const REPORTED_LIMIT = 1000;

/** Parses stored records with their schemas, skipping (and reporting) those that do not fit. */
export class RecordReader {
  private readonly reported = new Set<string>();
  private readonly onUnreadable: OnUnreadable;

  constructor(onUnreadable?: OnUnreadable) {
    this.onUnreadable = onUnreadable ?? unreadableToLog(createLogger('warn'));
  }

  /** The record, or undefined when what is stored does not fit its schema. */
  one<S extends z.ZodType>(schema: S, stored: unknown, table: string, key: string): z.output<S> | undefined {
    const parsed = schema.safeParse(stored);
    if (parsed.success) return parsed.data;
    this.report(new UnreadableRecord(table, key, describe(parsed.error)));
    return undefined;
  }

  /** The records that fit, in order; `keyColumns` name each skipped row in the report. */
  all<S extends z.ZodType>(schema: S, rows: readonly unknown[], table: string, keyColumns: readonly string[]): z.output<S>[] {
    const records: z.output<S>[] = [];
    for (const row of rows) {
      const record = this.one(schema, row, table, keyOf(row, keyColumns));
      if (record !== undefined) records.push(record);
    }
    return records;
  }

  private report(unreadable: UnreadableRecord): void {
    const id = `${unreadable.table}\u0000${unreadable.key}\u0000${unreadable.problem}`;
    if (this.reported.has(id)) return;
    if (this.reported.size >= REPORTED_LIMIT) this.reported.clear();
    this.reported.add(id);
    try {
      this.onUnreadable(unreadable);
    } catch {
      // Reporting never turns a read into a failure.
    }
  }
}

/** A primary key in reports: its columns' values joined by `/`. */
export function keyOf(row: unknown, columns: readonly string[]): string {
  return columns.map((column) => (typeof row === 'object' && row !== null ? String(Reflect.get(row, column)) : '?')).join('/');
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(record)'}: ${issue.message}`).join('; ');
}

/** A moment: a Date (PostgreSQL, memory) or epoch milliseconds (SQLite). */
export const StoredInstant = z
  .union([z.date(), z.number().int()])
  .transform((value) => new Date(value))
  .pipe(z.date());

/** An integer column: PostgreSQL returns BIGINT as text. */
export const StoredInteger = z.union([z.number().int(), z.string().regex(/^-?\d{1,16}$/).transform(Number)]).pipe(z.number().int().refine(Number.isSafeInteger, 'not a safe integer'));

/** A generated id: SQLite's INTEGER, PostgreSQL's BIGINT (as text), the memory store's string. */
export const StoredId = z.union([z.string().min(1), z.number().int()]).transform(String);

/**
 * A row as a record's schema reads it: SQL NULL is an absent field, and the `jsonColumns` (SQLite keeps
 * JSON as text) are parsed first; text that is not JSON stays text, and fails the schema.
 */
export function sqlRow<S extends z.ZodType>(schema: S, jsonColumns: readonly string[] = []) {
  return z.preprocess((row) => {
    if (typeof row !== 'object' || row === null) return row;
    return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null).map(([column, value]) => [column, jsonColumns.includes(column) ? fromJsonText(value) : value]));
  }, schema);
}

/** A row whose `record` column holds the whole record as JSON (SQLite's text, PostgreSQL's JSONB). */
export function recordColumn<S extends z.ZodType>(schema: S) {
  return z.preprocess((row) => (typeof row === 'object' && row !== null ? fromJsonText(Reflect.get(row, 'record')) : row), schema);
}

function fromJsonText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
