// `npm run screenshots`: draws what the real renderers produce for the demo organisation (the sandbox's)
// into docs/screenshots/*.png, through an HTML approximation of Slack's layout in headless Chromium.
// Needs Debian's chromium (`apt-get install chromium fonts-noto-color-emoji`); without it, says so and
// draws nothing. The pictures are checked in; this script is the only way they are made.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnnotationList } from '../src/buildkite/annotations.js';
import { Build, BuildList } from '../src/buildkite/builds.js';
import { ClusterList, ClusterQueueList } from '../src/buildkite/clusters.js';
import { AgentList, countAgentsByQueue } from '../src/buildkite/agents.js';
import { authorizationDm } from '../src/features/account/account-messages.js';
import { buildCard } from '../src/features/builds/build-card.js';
import { diagnosisMessage } from '../src/features/diagnosis/diagnosis-message.js';
import { evidenceFromSummary, historyOf } from '../src/features/diagnosis/gather.js';
import { decide } from '../src/features/diagnosis/verdicts.js';
import { BuildFailureSummary } from '../src/buildkite/failure-summary.js';
import { waitingOnYouMessage } from '../src/features/approvals/waiting-on-you.js';
import { statusMessage } from '../src/features/builds/status-message.js';
import { homeView } from '../src/features/home/home-view.js';
import { notificationNote } from '../src/features/notifications/notification-messages.js';
import { incidentBanner } from '../src/features/queues/incident-banner.js';
import { queuesMessage } from '../src/features/queues/queues-message.js';
import { computeDigest } from '../src/features/digests/digest-compute.js';
import { chartPng } from '../src/features/digests/digest-chart.js';
import { chartTitle, digestMessage } from '../src/features/digests/digest-message.js';
import { seedWeekOfBuilds } from '../src/sandbox/buildkite-org/seed-week.js';
import { ALL_SCOPES, FakeBuildkiteOrg } from '../src/sandbox/buildkite-org/index.js';
import { DEMO_USERS, seedDemoOrg } from '../src/sandbox/buildkite-org/seed.js';
import { type Picture, pictureHtml } from '../src/sandbox/block-kit-html.js';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;
const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome'].find((name) => spawnSync('which', [name]).status === 0);
const WIDTH = 760;

if (!CHROMIUM) {
  console.log('No Chromium found: nothing drawn. On Debian: apt-get install chromium fonts-noto-color-emoji, then npm run screenshots.');
  process.exit(0);
}

// The demo organisation, read as Priya, on a fixed clock so the pictures only change when the renderers do.
const now = new Date('2026-06-10T12:00:00.000Z');
const org = new FakeBuildkiteOrg({ now: () => now });
const demo = seedDemoOrg(org);
const call = (tool: string, input: Record<string, unknown> = {}) => {
  const outcome = org.call({ userId: DEMO_USERS.priya.id, scopes: ALL_SCOPES }, tool, tool === 'current_user' ? input : { org_slug: 'acme', ...input });
  if (!outcome.ok) throw new Error(`${tool}: ${outcome.status} ${outcome.text}`);
  return outcome.value;
};
const build = (key: string) => {
  const { pipeline, number } = demo.builds[key]!;
  return { pipeline, number, build: Build.parse(call('get_build', { pipeline_slug: pipeline, build_number: String(number), detail_level: 'full' })) };
};
const logTail = (pipeline: string, number: number, jobId: string) =>
  ((call('tail_logs', { pipeline_slug: pipeline, build_number: String(number), job_id: jobId, tail: 40 }) as { entries?: { c?: string }[] }).entries ?? []).map((e) => e.c ?? '');
const people = { U0PRIYA: 'priya', U0TOM: 'tom' };

function failedCard(key: string, note?: string) {
  const { pipeline, number, build: b } = build(key);
  const failed = (b.jobs ?? []).filter((j) => j.state === 'failed' || j.state === 'timed_out');
  const logs = new Map(failed.map((j) => [j.id, logTail(pipeline, number, j.id)]));
  const annotations = AnnotationList.parse(call('list_annotations', { pipeline_slug: pipeline, build_number: String(number) })).items;
  return buildCard({ build: b, pipeline, now, logs, annotations, testRuns: key === 'web141' ? 1 : 0, ...(note ? { note } : {}) }).blocks;
}

const builds = BuildList.parse(call('list_builds', { per_page: 8 })).items;
const clusters = ClusterList.parse(call('list_clusters')).items;
const queues = clusters.map((cluster) => ({ cluster, queues: ClusterQueueList.parse(call('list_cluster_queues', { cluster_id: cluster.id })).items }));
const deploy = build('deploy56');
// The queues' connected agents as the bot counts them from list_agents (the demo has agents on every queue).
const agentsByQueue = countAgentsByQueue(AgentList.parse(call('list_agents', { per_page: 100, detail_level: 'full' })).items);
const api88 = build('api88').build;
const incidentAt = new Date(now.getTime() - 12 * 60_000);
/** The time Slack shows beside a message: when it was posted (the demo clock is UTC). */
const postedAt = (at: Date | string | null | undefined) => {
  const d = new Date(at ?? now);
  const h = d.getUTCHours();
  return `${h % 12 || 12}:${String(d.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
};

/** "Why did it fail?" on web #141, as a v1.19 server's failure summary and the branch's builds tell it (4 calls: summary, builds, 2 job lists). */
function diagnosis() {
  const newer = new FakeBuildkiteOrg({ now: () => now, server: '1.19' });
  seedDemoOrg(newer);
  const ask = (tool: string, input: Record<string, unknown>) => {
    const outcome = newer.call({ userId: DEMO_USERS.priya.id, scopes: ALL_SCOPES }, tool, { org_slug: 'acme', ...input });
    if (!outcome.ok) throw new Error(`${tool}: ${outcome.status} ${outcome.text}`);
    return outcome.value;
  };
  const { pipeline, number } = demo.builds.web141!;
  const summary = BuildFailureSummary.parse(ask('get_build_failure_summary', { pipeline_slug: pipeline, build_number: String(number), max_jobs: 3, log_tail: 200 }));
  const history = historyOf(BuildList.parse(call('list_builds', { pipeline_slug: pipeline, branch: 'main', per_page: 10, detail_level: 'full' })).items);
  const evidence = evidenceFromSummary(summary, history, { used: 4, cutShort: false });
  return diagnosisMessage({ ref: { pipeline, build: number }, evidence, verdicts: decide(evidence), askedBy: 'U0PRIYA', logsOff: false }).blocks;
}
// A weekly digest of a seeded week (its own organisation, so the demo's listings stay as they are).
const weekOrg = new FakeBuildkiteOrg({ now: () => now });
weekOrg.addUser({ id: DEMO_USERS.priya.id, name: DEMO_USERS.priya.name, email: DEMO_USERS.priya.email });
seedWeekOfBuilds(weekOrg, { end: now, pipelines: 4, creator: DEMO_USERS.priya.id });
const weekCall = (tool: string, input: Record<string, unknown> = {}) => {
  const outcome = weekOrg.call({ userId: DEMO_USERS.priya.id, scopes: ALL_SCOPES }, tool, { org_slug: 'acme', ...input });
  if (!outcome.ok) throw new Error(`${tool}: ${outcome.status} ${outcome.text}`);
  return outcome.value;
};
const DAY_MS = 24 * 3_600_000;
const weekListed = [1, 2].flatMap((page) => BuildList.parse(weekCall('list_builds', { per_page: 100, page, detail_level: 'full' })).items);
const weekBlocked = BuildList.parse(weekCall('list_builds', { per_page: 100, detail_level: 'full', state: 'blocked' })).items;
const weekFrom = new Date(now.getTime() - 7 * DAY_MS);
const weekClusters = ClusterList.parse(weekCall('list_clusters')).items;
const weekAgents = countAgentsByQueue(AgentList.parse(weekCall('list_agents', { per_page: 100, detail_level: 'full' })).items);
const digest = computeDigest({
  scope: 'all', cadence: 'weekly', from: weekFrom, to: now, timeZone: 'UTC',
  readings: [...new Set(weekListed.map((b) => b.pipeline?.slug ?? ''))].sort().map((pipeline) => ({
    pipeline,
    builds: weekListed.filter((b) => b.pipeline?.slug === pipeline && Date.parse(b.created_at ?? '') >= weekFrom.getTime()),
    previousBuilds: weekListed.filter((b) => b.pipeline?.slug === pipeline && Date.parse(b.created_at ?? '') < weekFrom.getTime()),
    blocked: weekBlocked.filter((b) => b.pipeline?.slug === pipeline),
  })),
  queues: weekClusters.flatMap((cluster) => ClusterQueueList.parse(weekCall('list_cluster_queues', { cluster_id: cluster.id })).items.map((q) => ({ cluster: cluster.name, queue: q.key, connected: weekAgents[q.key] ?? 0, busy: 0, paused: q.dispatch_paused }))),
});

const pictures: Record<string, Picture> = {
  'build-card': { title: 'A failed build', place: '#web', blocks: failedCard('web141') },
  'notification-card': {
    title: 'A notification',
    place: '#api',
    blocks: failedCard('api88', notificationNote('failed', 'U0PRIYA')),
    // Posted when the build failed.
    time: postedAt(api88.finished_at),
    people,
  },
  diagnosis: { title: 'Why did it fail?, in the card’s thread', place: '#web · thread', blocks: diagnosis(), people },
  'blocked-card': {
    title: 'A blocked deploy',
    place: '#deploys',
    people,
    // The channel's approval policy (`/buildkite settings approvers:@release-managers,@tom approvals:no-self`).
    blocks: buildCard({ build: deploy.build, pipeline: deploy.pipeline, now, approvals: { users: ['U0TOM'], groups: [{ id: 'S0RELEASE', handle: 'release-managers' }], noSelf: true } }).blocks,
  },
  'waiting-on-you': {
    title: 'The morning DM',
    place: 'Direct message',
    blocks: waitingOnYouMessage({ askedToApprove: [deploy.build], blockedMine: [], red: builds.filter((b) => b.state === 'failed').slice(0, 2) }).blocks,
  },
  status: { title: 'status', place: '#web', ephemeral: true, blocks: statusMessage({ builds, query: { limit: 8 }, org: 'acme', now, shareable: true }).blocks },
  'incident-banner': {
    title: 'An incident',
    place: '#ops',
    // Posted when the incident was opened.
    time: postedAt(incidentAt),
    people,
    blocks: incidentBanner({
      id: 'inc-1', teamId: 'T0', channelId: 'C0', userId: 'U0PRIYA', userName: 'priya', reason: 'registry down', note: 'registry down (paused from Slack by @priya)', createdAt: incidentAt.toISOString(),
      queues: queues.flatMap(({ cluster, queues: qs }) => qs.slice(0, 2).map((q) => ({ clusterId: cluster.id, clusterName: cluster.name, queueId: q.id, queueKey: q.key, pause: 'paused' as const }))),
    }).blocks,
  },
  queues: { title: 'queues', place: '#ops', ephemeral: true, blocks: queuesMessage({ overview: { clusters: queues, agentsByQueue, agentsComplete: true }, org: 'acme', page: 0, now, shareable: true }).blocks },
  digest: { title: 'A weekly digest', place: '#eng', people, blocks: digestMessage(digest, 'UTC', now, { userId: 'U0PRIYA', scheduled: true }).blocks },
  'authorization-dm': { title: 'Connecting', place: 'Direct message', blocks: authorizationDm({ url: 'https://auth.scalekit.example/connect/abc', expiresAt: new Date(now.getTime() + 10 * 60_000) }, now).blocks },
  'app-home': {
    title: 'App Home',
    place: 'Home',
    channels: { C0WEB: 'web-builds' },
    blocks: homeView({
      connection: { kind: 'connected', name: 'Priya Raman', email: 'priya@acme.example', org: { name: 'Acme', slug: 'acme' } },
      builds: builds.slice(0, 5),
      subscriptions: [{ teamId: 'T0', channelId: 'C0WEB', pipeline: 'web', events: ['failed', 'blocked'], mention: true, createdBy: 'U0PRIYA', createdAt: now.toISOString() }],
      personal: { teamId: 'T0', userId: 'U0PRIYA', buildkiteUserId: DEMO_USERS.priya.id, email: DEMO_USERS.priya.email, events: ['failed', 'blocked'], createdAt: now.toISOString() },
      now,
    }).blocks,
  },
};

const work = mkdtempSync(join(tmpdir(), 'screenshots-'));
const chromium = (args: string[]) => execFileSync(CHROMIUM, ['--headless=new', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-device-scale-factor=1', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
try {
  mkdirSync(OUT, { recursive: true });
  // The digest's chart, as the bot uploads it with the digest (drawn by the bot itself, not by Chromium).
  writeFileSync(join(OUT, 'digest-chart.png'), await chartPng(digest.days, chartTitle(digest, 'UTC')));
  console.log('docs/screenshots/digest-chart.png (800×360)');
  for (const [name, drawn] of Object.entries(pictures)) {
    // Every other message was posted just now, by the demo clock its "N minutes ago" counts from.
    const picture = { time: postedAt(now), ...drawn };
    const page = join(work, `${name}.html`);
    // First the page's height (written into the DOM by the page itself), then a picture of exactly that.
    writeFileSync(page, pictureHtml(picture).replace('</body>', '<script>document.body.dataset.height = Math.ceil(document.body.getBoundingClientRect().height) + 8</script></body>'));
    const height = Number(/data-height="(\d+)"/.exec(chromium([`--window-size=${WIDTH},2000`, '--dump-dom', `file://${page}`]))?.[1] ?? 800);
    chromium([`--window-size=${WIDTH},${height}`, `--screenshot=${join(OUT, `${name}.png`)}`, `file://${page}`]);
    if (!existsSync(join(OUT, `${name}.png`))) throw new Error(`Chromium drew no ${name}.png`);
    console.log(`docs/screenshots/${name}.png (${WIDTH}×${height})`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
