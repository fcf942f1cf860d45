import { usage } from '../../render/usage.js';
import { changeChannel } from '../../slack/channel-change.js';
import type { AppDeps } from '../../slack/deps.js';
import { getPipeline } from '../../buildkite/pipelines.js';
import { isPublicChannel, lookUpUser } from '../../slack/lookups.js';
import { replyInChannel } from '../../slack/reply.js';
import { runAsUser } from '../../slack/run-as-user.js';
import type { CommandContext, NestedSubcommand, Subcommand } from '../../slack/subcommand.js';
import { ALL_PIPELINES, type DigestCadence, type DigestRecord } from '../../store/digests.js';
import { type DigestRequest, parseDigestArgs, parseScope } from './digest-args.js';
import type { DigestRuntime } from './digest-runtime.js';
import { channelDigests, digestRefused, digestSetUp, digestTurnedOff, digestReading, noDigest, privatePipelineRefused } from './digests-message.js';
import { postDigest, readAndCompute } from './send-digest.js';

const DAY_MS = 24 * 60 * 60_000;

/** The person's own time zone as Slack has it (`tz`); UTC when Slack will not say. */
async function timeZoneOf(ctx: CommandContext): Promise<string> {
  return (await lookUpUser(ctx.client, ctx.userId).then((user) => user?.tz, () => undefined)) ?? 'UTC';
}

/**
 * A named pipeline that is not public, asked for in a public channel: everyone there would see its builds.
 * Refused, where a subscription asks first (`all` there reads only the public ones).
 */
async function privateInPublicChannel(ctx: CommandContext, deps: AppDeps, scope: string): Promise<boolean> {
  if (scope === ALL_PIPELINES || !(await isPublicChannel(ctx.client, ctx.channelId))) return false;
  // Not connected, or the pipeline unreadable: what follows says so (the link, or the refusal).
  const pipeline = await getPipeline(deps.buildkite(ctx), scope).catch(() => undefined);
  return pipeline !== undefined && pipeline.visibility !== 'public';
}

async function setUpDigest(ctx: CommandContext, deps: AppDeps, request: DigestRequest): Promise<void> {
  if (await privateInPublicChannel(ctx, deps, request.scope)) return ctx.reply(privatePipelineRefused(request.scope));
  const timeZone = request.timeZone ?? (await timeZoneOf(ctx));
  const existing = (await deps.store.channelDigests(ctx.teamId, ctx.channelId)).find((d) => d.scope === request.scope);
  const change = { kind: 'digest' as const, details: { scope: request.scope, cadence: request.cadence, at: request.at, tz: timeZone }, refused: digestRefused };
  await changeChannel(ctx, deps, request.scope === ALL_PIPELINES ? change : { ...change, pipeline: request.scope }, async () => {
    const now = deps.now();
    const digest: DigestRecord = { teamId: ctx.teamId, channelId: ctx.channelId, scope: request.scope, cadence: request.cadence, at: request.at, timeZone, setUpBy: ctx.userId, createdAt: now.toISOString(), stepMedians: {} };
    await deps.store.saveDigest(digest);
    await replyInChannel(ctx.respond, digestSetUp(digest, existing !== undefined, now));
  });
}

const digestOff: NestedSubcommand = {
  name: 'off',
  usage: 'digest off <pipeline|all>',
  description: 'Stop this channel’s digest of a pipeline (or of all pipelines).',
  accepts: (words) => words.length === 1,
  async run(ctx, deps) {
    const scope = parseScope(ctx.args.words[0]);
    if (!scope.ok || ctx.args.words.length !== 1) return ctx.reply(usage(scope.ok ? 'Name one pipeline, or `all`.' : scope.problem, this.usage));
    const existing = (await deps.store.channelDigests(ctx.teamId, ctx.channelId)).find((d) => d.scope === scope.scope);
    if (!existing) return ctx.reply(noDigest(scope.scope));
    // Anyone connected may turn a channel's digest off, as with a subscription: the pipeline need not be readable.
    await changeChannel(ctx, deps, { kind: 'digest_off', details: { scope: scope.scope }, refused: digestRefused }, async () => {
      await deps.store.removeDigest(ctx.teamId, ctx.channelId, scope.scope);
      await replyInChannel(ctx.respond, digestTurnedOff(scope.scope, ctx.userId));
    });
  },
};

const digestNow = (runtime: DigestRuntime): NestedSubcommand => ({
  name: 'now',
  usage: 'digest now <pipeline|all> [daily|weekly]',
  description: 'Post a digest of the last day or week in this channel now, read as you.',
  accepts: (words) => words.length >= 1 && words.length <= 2,
  async run(ctx, deps) {
    const [scopeWord, cadenceWord = 'weekly'] = ctx.args.words;
    const scope = parseScope(scopeWord);
    if (!scope.ok) return ctx.reply(usage(scope.problem, this.usage));
    if (cadenceWord !== 'daily' && cadenceWord !== 'weekly') return ctx.reply(usage('Say `daily` or `weekly` after the pipeline.', this.usage));
    const cadence: DigestCadence = cadenceWord;
    await runAsUser(ctx, deps, async () => {
      if (await privateInPublicChannel(ctx, deps, scope.scope)) return ctx.reply(privatePipelineRefused(scope.scope));
      const timeZone = await timeZoneOf(ctx);
      const to = deps.now();
      const step = (cadence === 'daily' ? 1 : 7) * DAY_MS;
      const period = { previousFrom: new Date(to.getTime() - 2 * step), from: new Date(to.getTime() - step), to };
      await ctx.reply(digestReading(scope.scope, cadence));
      // Within the same budget as the person's scheduled digests on this replica, and its cache.
      const place = { deps, client: ctx.client, cache: runtime.cache, pace: runtime.pace };
      // Read as the person who asked (not as whoever set up the channel's digest).
      const digest: DigestRecord = { teamId: ctx.teamId, channelId: ctx.channelId, scope: scope.scope, cadence, at: '00:00', timeZone, setUpBy: ctx.userId, createdAt: to.toISOString(), stepMedians: {} };
      await postDigest(place, digest, await readAndCompute(place, digest, period), false);
    });
  },
});

/** `digest` (set up, `off`, `now`, or list) and `digests`, sharing the replica's digest runtime. */
export function digestCommands(runtime: DigestRuntime): Subcommand[] {
  const now = digestNow(runtime);
  const digest: Subcommand = {
    name: 'digest',
    usage: 'digest <pipeline|all> daily|weekly [at:09:00] [tz:Europe/Berlin] | digest off <pipeline|all> | digest now <pipeline|all>',
    description: 'A daily or weekly digest in this channel (red pipelines, time to fix, flaky and slow steps, blocked builds, queues, a chart), read with your Buildkite access; weekly ones come on Mondays. Your time zone unless `tz:`.',
    subcommands: [digestOff, now],
    async run(ctx, deps) {
      if (ctx.args.words.length === 0) return ctx.reply(channelDigests(await deps.store.channelDigests(ctx.teamId, ctx.channelId), deps.now()));
      // `off` or `now` with the wrong number of words: their own usage, not the set-up's.
      const nested = [digestOff, now].find((sub) => sub.name === ctx.args.words[0]?.toLowerCase());
      if (nested) return ctx.reply(usage('Name one pipeline by its slug, or `all`.', nested.usage));
      const parsed = parseDigestArgs(ctx.args.words, ctx.args.options);
      if (!parsed.ok) return ctx.reply(usage(parsed.problem, this.usage));
      await setUpDigest(ctx, deps, parsed.request);
    },
  };

  const digests: Subcommand = {
    name: 'digests',
    usage: 'digests',
    description: 'This channel’s digests: what, when, and read as whom.',
    async run(ctx, deps) {
      await ctx.reply(channelDigests(await deps.store.channelDigests(ctx.teamId, ctx.channelId), deps.now()));
    },
  };
  return [digest, digests];
}
