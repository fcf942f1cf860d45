import { isSlug } from '../builds/build-args.js';
import { ALL_PIPELINES, DIGEST_CADENCES, type DigestCadence } from '../../store/digests.js';
import { isTimeZone } from './digest-period.js';

/** When a digest is posted unless `at:` says otherwise (local time of the person who set it up, unless `tz:`). */
export const DEFAULT_AT = '09:00';

export interface DigestRequest {
  scope: string;
  cadence: DigestCadence;
  at: string;
  /** Absent: the time zone Slack has for the person setting it up. */
  timeZone?: string;
}

type Parsed<T> = ({ ok: true } & T) | { ok: false; problem: string };

/** A pipeline's slug or `all`, lower-cased. */
export function parseScope(word: string | undefined): Parsed<{ scope: string }> {
  const scope = word?.toLowerCase();
  if (!scope || !(scope === ALL_PIPELINES || isSlug(scope))) return { ok: false, problem: 'Name one pipeline by its slug, or `all`.' };
  return { ok: true, scope };
}

/** `9:00`, `09:00`, `17:30` → `HH:MM`. */
export function parseClock(text: string): string | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [hours, minutes] = [Number(m[1]), Number(m[2])];
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** `digest <pipeline|all> daily|weekly [at:09:00] [tz:Europe/Berlin]`. */
export function parseDigestArgs(words: string[], options: Record<string, string>): Parsed<{ request: DigestRequest }> {
  const [scopeWord, cadenceWord, ...extra] = words;
  const scope = parseScope(scopeWord);
  if (!scope.ok) return scope;
  const cadence = cadenceWord?.toLowerCase();
  if (!cadence || !(DIGEST_CADENCES as readonly string[]).includes(cadence)) return { ok: false, problem: 'Say `daily` or `weekly` after the pipeline.' };
  if (extra.length > 0) return { ok: false, problem: `Unexpected \`${extra[0]}\`.` };
  const unknown = Object.keys(options).find((k) => k !== 'at' && k !== 'tz');
  if (unknown) return { ok: false, problem: `Unknown option \`${unknown}:\`.` };
  const at = options.at === undefined ? DEFAULT_AT : parseClock(options.at);
  if (at === undefined) return { ok: false, problem: '`at:` takes a time of day such as `09:00` or `17:30`.' };
  if (options.tz !== undefined && !isTimeZone(options.tz)) return { ok: false, problem: '`tz:` takes a time zone name such as `Europe/Berlin` or `America/New_York`.' };
  return { ok: true, request: { scope: scope.scope, cadence: cadence as DigestCadence, at, ...(options.tz !== undefined ? { timeZone: options.tz } : {}) } };
}
