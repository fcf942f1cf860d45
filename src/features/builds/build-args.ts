import { parseBuildUrl } from '../../buildkite/urls.js';
import type { StatusQuery } from './status-message.js';
import { SLUG } from '../../slack/refs.js';
import type { ParsedArgs } from '../../slack/command-args.js';

export { SLUG };

const BUILD_STATES = ['creating', 'scheduled', 'running', 'passed', 'failing', 'failed', 'blocked', 'canceling', 'canceled', 'skipped', 'not_run', 'finished'];

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Git refuses control characters and spaces in branch names; Buildkite allows up to 255 characters. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const BRANCH = /^[^\s\x00-\x1f\x7f~^:?*[\\]{1,255}$/;

export function isSlug(text: string): boolean {
  return SLUG.test(text);
}

/** `status [pipeline] [branch:NAME] [state:STATE] [limit:N]` */
export function parseStatusArgs(args: ParsedArgs): Parsed<StatusQuery> {
  const [pipeline, ...extra] = args.words;
  if (extra.length > 0) {
    // `status web main`: a branch typed without its `branch:`.
    const [word] = extra;
    const hint = extra.length === 1 && word && args.options.branch === undefined && BRANCH.test(word) ? ` Did you mean \`branch:${word}\`?` : '';
    return { ok: false, problem: `Unexpected ${extra.map((e) => `\`${e}\``).join(' ')}.${hint}` };
  }
  const known = new Set(['branch', 'state', 'limit']);
  const unknown = Object.keys(args.options).filter((k) => !known.has(k));
  if (unknown.length > 0) return { ok: false, problem: `Unknown option \`${unknown[0]}:\`.` };
  if (pipeline !== undefined && !isSlug(pipeline.toLowerCase())) return { ok: false, problem: `\`${pipeline.slice(0, 60)}\` is not a pipeline slug.` };
  if (args.options.branch !== undefined && !BRANCH.test(args.options.branch)) return { ok: false, problem: '`branch:` takes a branch name.' };
  const state = args.options.state?.toLowerCase();
  if (state !== undefined && !BUILD_STATES.includes(state)) return { ok: false, problem: `\`${state}\` is not a build state (${BUILD_STATES.join(', ')}).` };
  const limit = args.options.limit === undefined ? 5 : Number(args.options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10) return { ok: false, problem: '`limit:` takes a number from 1 to 10.' };
  return { ok: true, value: { pipeline: pipeline?.toLowerCase(), branch: args.options.branch, state, limit } };
}

/** A link as typed: Slack may wrap it in <…>, with a label after a `|`. */
const unwrapLink = (word: string): string => word.replace(/^<|>$/g, '').split('|')[0] ?? '';

/** Whether a word is a pasted build URL. */
export const isBuildUrl = (word: string): boolean => parseBuildUrl(unwrapLink(word)) !== undefined;

/** `build <pipeline> <number>` or a pasted build URL (Slack wraps links in <…>). */
export function parseBuildArgs(args: ParsedArgs): Parsed<{ pipeline: string; number: number; org?: string }> {
  const words = args.words.map(unwrapLink);
  const url = words[0] === undefined ? undefined : parseBuildUrl(words[0]);
  if (url && words.length === 1 && isSlug(url.pipeline)) return { ok: true, value: url };
  const [pipeline, number] = words;
  const n = Number(number?.replace(/^#/, ''));
  if (words.length !== 2 || !pipeline || !isSlug(pipeline.toLowerCase()) || !Number.isSafeInteger(n) || n < 1) return { ok: false, problem: 'Name a pipeline and a build number, or paste a build URL.' };
  return { ok: true, value: { pipeline: pipeline.toLowerCase(), number: n } };
}

/** A build, and maybe one of its jobs, as a command names them. */
export interface JobTarget {
  pipeline: string;
  number: number;
  job?: string;
}

/** `<pipeline> <build> [job words…]` */
export function parseJobTarget(words: string[]): Parsed<JobTarget> {
  const [pipeline, number, ...rest] = words;
  const n = Number(number?.replace(/^#/, ''));
  if (!pipeline || !Number.isInteger(n) || n < 1) return { ok: false, problem: 'Name a pipeline and a build number.' };
  return { ok: true, value: { pipeline: pipeline.toLowerCase(), number: n, ...(rest.length > 0 ? { job: rest.join(' ') } : {}) } };
}
