import { pipelineOfBuildUrl } from '../../buildkite/urls.js';
import { OpenCardButton, ShareStatusButton } from './buttons.js';
import { SLUG } from '../../slack/refs.js';
import type { Build } from '../../buildkite/builds.js';
import { escapeMrkdwn, inlineCode, link, truncate } from '../../render/escape.js';
import { type Block, type Message, actions, context, section } from '../../render/message.js';
import { stateEmoji } from '../../render/state-emoji.js';
import { buildShownState, buildStateWords } from '../../buildkite/states.js';
import { ago, compactDuration, parseTime } from '../../render/time.js';

export interface StatusQuery {
  pipeline?: string;
  branch?: string;
  state?: string;
  limit: number;
}

/** `https://buildkite.com/acme/web/builds/12` → `web`: builds listed org-wide still name their pipeline. */
function pipelineSlugOf(build: Build): string {
  return build.pipeline?.slug ?? pipelineOfBuildUrl(build.web_url) ?? 'pipeline';
}

export const firstLine = (text: string | null | undefined): string => (text ?? '').split('\n')[0]?.trim() ?? '';
export const shortCommit = (sha: string | null | undefined): string => (sha ?? '').slice(0, 7);

type Person = NonNullable<Build['author']>;
const samePerson = (a: Person, b: Person) => Boolean((a.email && a.email.toLowerCase() === b.email?.toLowerCase()) || (a.name && a.name === b.name));

/**
 * Who wrote the commit and who started the build, said apart (they are often two people), then when:
 * "commit by Sam · started by Priya 12 minutes ago · ran 4m 12s"; "commit and build by Jane · started …".
 */
export function buildTiming(build: Build, now: Date): string {
  const parts: string[] = [];
  const author = build.author?.name ? build.author : undefined;
  const creator = build.creator?.name ? build.creator : undefined;
  const same = author && creator && samePerson(author, creator);
  if (same) parts.push(`commit and build by ${escapeMrkdwn(author.name!)}`);
  else if (author) parts.push(`commit by ${escapeMrkdwn(author.name!)}`);
  // A build without a creator was started by Buildkite itself (a webhook from the repository, a schedule).
  const by = creator && !same ? ` by ${escapeMrkdwn(creator.name!)}` : '';
  const started = parseTime(build.started_at);
  const finished = parseTime(build.finished_at);
  const created = parseTime(build.created_at);
  if (started) {
    parts.push(`started${by} ${ago(started, now)}`);
    parts.push(finished ? `ran ${compactDuration(finished.getTime() - started.getTime())}` : `running for ${compactDuration(now.getTime() - started.getTime())}`);
  } else if (created) {
    // Summaries (and newer Buildkite servers) carry no start time: only a waiting build is "not started".
    const waiting = build.state === 'scheduled' || build.state === 'creating';
    parts.push(`created${by} ${ago(created, now)}${waiting ? ', not started yet' : ''}`);
  } else if (by) parts.push(`started${by}`);
  return parts.join(' · ');
}

export function buildLine(build: Build, now: Date): Block {
  const slug = pipelineSlugOf(build);
  const head = [
    // The state as a word beside its emoji: a colour alone is not read the same by everyone.
    `${stateEmoji(buildShownState(build))} *${escapeMrkdwn(slug)}* ${link(build.web_url, `#${build.number}`)} ${escapeMrkdwn(buildStateWords(build))}`,
    build.branch ? inlineCode(build.branch) : undefined,
    build.commit ? inlineCode(shortCommit(build.commit)) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const message = truncate(escapeMrkdwn(firstLine(build.message)), 300);
  const timing = buildTiming(build, now);
  return section(truncate([head, message, timing ? `_${timing}_` : ''].filter(Boolean).join('\n'), 3000));
}


function describeQuery(query: StatusQuery, org: string): string {
  const scope = query.pipeline ? `*${escapeMrkdwn(query.pipeline)}*` : `all pipelines in ${inlineCode(org)}`;
  const filters = [query.branch && `on ${inlineCode(query.branch)}`, query.state && `that are ${inlineCode(query.state)}`].filter(Boolean);
  return `Latest builds of ${scope}${filters.length ? ` ${filters.join(' ')}` : ''}`;
}

export interface StatusView {
  builds: Build[];
  query: StatusQuery;
  org: string;
  now: Date;
  /** When set, the message was shared into the channel by this Slack user. */
  sharedBy?: string;
  /** Offer Share in channel (which re-runs the query as the sharer). */
  shareable?: boolean;
}

export function statusMessage(view: StatusView): Message {
  const title = describeQuery(view.query, view.org);
  const blocks: Block[] = [section(`${title}:`)];
  if (view.builds.length === 0) blocks.push(context('No builds match.'));
  for (const build of view.builds) {
    const line = buildLine(build, view.now);
    // Each build opens its card (in the channel, as `/buildkite build` does); shared lines have none.
    const slug = pipelineSlugOf(build);
    blocks.push(view.sharedBy || !SLUG.test(slug) ? line : { ...line, accessory: OpenCardButton.draw({ pipeline: slug, build: build.number }, { text: 'Card', row: build.id }) } as Block);
  }
  if (view.sharedBy) blocks.push(context(`Shared by <@${view.sharedBy}>`));
  else if (view.shareable) {
    const { pipeline, branch, state, limit } = view.query;
    blocks.push(actions('status_actions', [ShareStatusButton.draw({ pipeline, branch, state, limit }, { text: 'Share in channel' })]));
  }
  const fallback = escapeMrkdwn(view.builds.map((b) => `${pipelineSlugOf(b)} #${b.number} ${buildStateWords(b)}`).join(', '));
  return { text: `${title.replace(/[*`]/g, '')}: ${fallback || 'no builds'}`, blocks };
}
