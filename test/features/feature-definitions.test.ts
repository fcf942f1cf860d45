import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { AnnotationList } from '../../src/buildkite/annotations.js';
import { ArtifactList } from '../../src/buildkite/artifacts.js';
import { BuildList } from '../../src/buildkite/builds.js';
import { ClusterList, ClusterQueueList } from '../../src/buildkite/clusters.js';
import { PipelineInfo, PipelineInfoList } from '../../src/buildkite/pipelines.js';
import { ScheduleList } from '../../src/buildkite/schedules.js';
import { FailedExecutionPage, TestRunList } from '../../src/buildkite/test-engine.js';
import { CurrentUser } from '../../src/buildkite/users.js';
import { authorizationDm, connectedDm } from '../../src/features/account/account-messages.js';
import { annotateModal } from '../../src/features/annotations/annotate-form.js';
import { annotationsMessage } from '../../src/features/annotations/annotations-message.js';
import { artifactNotSent, artifactsMessage } from '../../src/features/artifacts/artifacts-message.js';
import { buildCard } from '../../src/features/builds/build-card.js';
import { UnblockModal } from '../../src/features/builds/buttons.js';
import { newBuildModal } from '../../src/features/builds/new-build-form.js';
import { statusMessage } from '../../src/features/builds/status-message.js';
import { unblockModal } from '../../src/features/builds/unblock-form.js';
import { askApprovalModal } from '../../src/features/approvals/ask-form.js';
import { addQueueModal, editClusterModal, editQueueModal, newClusterModal } from '../../src/features/clusters/cluster-forms.js';
import { clustersMessage, queueSettingsMessage } from '../../src/features/clusters/clusters-message.js';
import { FEATURES } from '../../src/features/index.js';
import { logMessage } from '../../src/features/logs/log-message.js';
import { pipelineModal } from '../../src/features/pipelines/pipeline-form.js';
import { pipelineMessage, pipelinesMessage } from '../../src/features/pipelines/pipelines-message.js';
import { incidentBanner } from '../../src/features/queues/incident-banner.js';
import { pauseModal } from '../../src/features/queues/pause-form.js';
import { queuesMessage } from '../../src/features/queues/queues-message.js';
import { agentDetailsModal, queueDetailMessage } from '../../src/features/queues/queue-detail-message.js';
import { AgentList } from '../../src/buildkite/agents.js';
import { privatePipelineQuestion, subscriptionsMessage } from '../../src/features/notifications/subscriptions-message.js';
import { withTakeButton } from '../../src/features/notifications/red-streak-card.js';
import { redStreakId } from '../../src/store/streaks.js';
import { buildPreview, pipelinePreview, previewConsent } from '../../src/features/previews/preview-messages.js';
import { homeView } from '../../src/features/home/home-view.js';
import { fillInToUnblock } from '../../src/features/builds/build-card-outcomes.js';
import { scheduleModal } from '../../src/features/schedules/schedule-form.js';
import { schedulesMessage } from '../../src/features/schedules/schedules-message.js';
import { failedTestsMessage, testRunsMessage } from '../../src/features/test-engine/test-results-message.js';
import { alreadyAnswered, diagnosisMessage } from '../../src/features/diagnosis/diagnosis-message.js';
import type { Evidence } from '../../src/features/diagnosis/evidence.js';
import { decide } from '../../src/features/diagnosis/verdicts.js';
import type { Message } from '../../src/render/message.js';
import { actionPattern } from '../../src/slack/buttons.js';
import { allSubcommands } from '../../src/slack/command-router.js';
import { demo, NOW } from '../harness/buildkite-org-fixture.js';

const buttonBindings = FEATURES.flatMap((f) => f.buttons);
const modalBindings = FEATURES.flatMap((f) => f.modals);

/** The binding Bolt would route a click with this action_id to (exactly one, or the test fails). */
function bindingFor(actionId: string) {
  const matches = buttonBindings.filter((b) => {
    const pattern = actionPattern(b.button);
    return typeof pattern === 'string' ? pattern === actionId : pattern.test(actionId);
  });
  expect(matches.map((m) => m.button.actionId), `exactly one handler for ${actionId}`).toHaveLength(1);
  return matches[0]!;
}

function buttonsIn(blocks: unknown): types.Button[] {
  const found: types.Button[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    if ((node as { type?: string }).type === 'button') found.push(node as types.Button);
    // Each option of a card's "⋯" menu stands for a button: `<action_id> <value>`, or a link's action_id and URL.
    if ((node as { type?: string }).type === 'overflow') {
      for (const option of (node as types.Overflow).options) {
        const [actionId, ...value] = (option.value ?? '').split(' ');
        found.push({ type: 'button', action_id: actionId, text: option.text, ...(option.url ? { url: option.url } : { value: value.join(' ') }) });
      }
      return;
    }
    Object.values(node).forEach(walk);
  };
  walk(blocks);
  return found;
}

/** Everything the renderers draw from the seeded demo organisation: messages and modals. */
function drawEverything(): { messages: Message[]; modals: types.ModalView[] } {
  const d = demo();
  const builds = BuildList.parse(d.ok('list_builds', { detail_level: 'full', per_page: 100 })).items;
  const pipelines = PipelineInfoList.parse(d.ok('list_pipelines', { per_page: 100 })).items;
  const web = PipelineInfo.parse(d.ok('get_pipeline', { pipeline_slug: 'web' }));
  const schedules = ScheduleList.parse(d.ok('list_pipeline_schedules', { pipeline_slug: 'web' })).items;
  const clusters = ClusterList.parse(d.ok('list_clusters', {})).items;
  const queues = clusters.map((cluster) => ({ cluster, queues: ClusterQueueList.parse(d.ok('list_cluster_queues', { cluster_id: cluster.id })).items }));
  const failedBuild = d.ids.builds[Object.keys(d.ids.builds).find((k) => builds.find((b) => b.id === d.ids.builds[k]!.id)?.state === 'failed')!]!;
  const artifacts = ArtifactList.parse(d.ok('list_artifacts_for_build', { pipeline_slug: failedBuild.pipeline, build_number: String(failedBuild.number) })).items;
  const annotations = AnnotationList.parse(d.ok('list_annotations', { pipeline_slug: failedBuild.pipeline, build_number: String(failedBuild.number) })).items;
  const failed = FailedExecutionPage.parse(d.ok('get_failed_executions', { test_suite_slug: d.ids.suite.slug, run_id: d.ids.suite.failedRun }));
  const user = CurrentUser.parse(d.ok('current_user'));
  const agents = AgentList.parse(d.ok('list_agents', { per_page: 100, detail_level: 'full' })).items;
  const pipelineOf = (b: (typeof builds)[number]) => b.web_url.split('/')[4] ?? 'web';

  const blockFields = [{ key: 'release-name', label: 'Release name' }];
  const cards = builds.map((build) => {
    const blocked = (build.jobs ?? []).filter((j) => j.state === 'blocked').map((j): [string, typeof blockFields] => [j.id, blockFields]);
    const failedJobs = (build.jobs ?? []).filter((j) => j.state === 'failed').map((j): [string, string[]] => [j.id, ['line one', 'line two']]);
    return buildCard({ build, pipeline: pipelineOf(build), now: NOW, logs: new Map(failedJobs), blockFields: new Map(blocked), annotations, testRuns: 1 });
  });
  // A card drawn without fields: Unblock then carries none and asks to confirm.
  cards.push(...builds.map((build) => buildCard({ build, pipeline: pipelineOf(build), now: NOW })));
  // A red streak's card: a build card with "I'm on it".
  cards.push(withTakeButton(buildCard({ build: builds[0]!, pipeline: pipelineOf(builds[0]!), now: NOW }), redStreakId('C1', builds[0]!.id)));
  const incident = {
    id: 'inc-1',
    teamId: 'T1',
    channelId: 'C1',
    userId: 'U1',
    userName: 'jane',
    reason: 'disk full',
    note: 'disk full (paused from Slack by @jane)',
    createdAt: NOW.toISOString(),
    queues: queues.flatMap(({ cluster, queues: qs }) => qs.map((q) => ({ clusterId: cluster.id, clusterName: cluster.name, queueId: q.id, queueKey: q.key, pause: 'paused' as const }))),
  };
  const overview = { clusters: queues, agentsByQueue: {}, agentsComplete: true };
  // Many queues, so the page has both Previous and Next.
  const manyQueues = { ...overview, clusters: [{ cluster: clusters[0]!, queues: Array.from({ length: 70 }, (_, i) => ({ id: `q-${i}`, key: `k${i}`, dispatch_paused: i % 2 === 0 })) }] };
  // A diagnosis for each kind of next step: Retry (infrastructure), the failing test, the commit, the build.
  const ref = { pipeline: failedBuild.pipeline, build: failedBuild.number };
  const job = { id: d.ids.jobs.webUnitTestsFailed, title: 'Unit tests', key: 'unit', state: 'failed', exitStatus: 1, errorLines: ['Error: boom'], shownLines: 1, retryable: true };
  const evidence: Evidence = { build: { id: 'b-1', number: failedBuild.number, state: 'failed', branch: 'main', webUrl: 'https://buildkite.com/acme/web/builds/1' }, jobs: [job], moreJobs: 0, jobsUnknown: false, tests: [], annotations: [], history: [], source: 'summary', calls: 2, cutShort: false };
  const diagnoses = [
    { ...evidence, jobs: [{ ...job, exitStatus: -1, signalReason: 'agent_stop' }] },
    { ...evidence, tests: [{ name: 'User validates email', location: 'spec/user_spec.rb:12', url: 'https://buildkite.com/organizations/acme/analytics/suites/rspec/tests/t-1' }] },
    { ...evidence, build: { ...evidence.build, commitUrl: 'https://github.com/acme/web/commit/abc1234' } },
    evidence,
  ].map((e) => diagnosisMessage({ ref, evidence: e, verdicts: decide(e), askedBy: 'U1', logsOff: false }));
  const messages: Message[] = [
    ...cards,
    ...diagnoses,
    alreadyAnswered(ref, 'https://acme.slack.com/archives/C1/p1000000000000001', 'U1'),
    statusMessage({ builds, query: { pipeline: 'web', branch: 'main', limit: 5 }, org: 'acme', now: NOW, shareable: true }),
    pipelinesMessage(pipelines, 'w', 2, true),
    pipelineMessage(web, builds.slice(0, 3), NOW),
    schedulesMessage('web', schedules),
    artifactsMessage(failedBuild.pipeline, failedBuild.number, artifacts),
    artifactNotSent('app.iso', { why: 'too_big', size: 11 * 1024 * 1024, direct: { url: 'https://buildkiteartifacts.com/a?X-Amz-Signature=s', expiresInSeconds: 600 } }, 'https://buildkite.com/acme/web/builds/1'),
    annotationsMessage(failedBuild.pipeline, failedBuild.number, annotations),
    failedTestsMessage(failedBuild.pipeline, failedBuild.number, [{ suite: d.ids.suite.slug, runId: d.ids.suite.failedRun, executions: failed.items }], false),
    testRunsMessage(d.ids.suite.slug, TestRunList.parse(d.ok('list_test_runs', { test_suite_slug: d.ids.suite.slug })).items, NOW),
    logMessage({ title: 'Log', plain: 'ok', summary: 'Rows 51–100', more: { pipeline: 'web', build: 1, job: 'job-1', seek: 0, limit: 50 }, env: { pipeline: 'web', build: 1, job: 'job-1' } }),
    queuesMessage({ overview, org: 'acme', page: 0, now: NOW, shareable: true }),
    queuesMessage({ overview: manyQueues, org: 'acme', page: 1, now: NOW, clusterFilter: clusters[0]!.name }),
    incidentBanner(incident),
    clustersMessage({ clusters: queues, org: 'acme' }),
    queueSettingsMessage(clusters[0]!, queues[0]!.queues),
    authorizationDm({ url: 'https://auth.example/link', expiresAt: new Date(NOW.getTime() + 60_000) }, NOW),
    connectedDm(user),
    queueDetailMessage({ cluster: clusters[0]!, queue: queues[0]!.queues[0]!, agents, agentsComplete: true, now: NOW }),
    subscriptionsMessage([{ teamId: 'T1', channelId: 'C1', pipeline: 'web', events: ['failed'], mention: true, createdBy: 'U1', createdAt: NOW.toISOString() }]),
    privatePipelineQuestion({ pipeline: 'web', branch: 'release/*', events: ['failed', 'blocked'], mention: false }),
    ...builds.map((build) => buildPreview({ build, pipeline: pipelineOf(build), now: NOW, logs: new Map(), blockFields: new Map() })),
    pipelinePreview(web, builds.slice(0, 5), NOW),
    previewConsent({ url: 'https://buildkite.com/acme/web/builds/1', channel: 'C1', messageTs: '1.000001' }, '*web #1*'),
    fillInToUnblock({ pipeline: 'deploy', build: 3, job: 'j-1', title: 'Release', channel: 'C1', fields: [{ key: 'release-name', label: 'release-name' }] }, 'Validation Failed: release-name is required'),
    fillInToUnblock({ pipeline: 'deploy', build: 3, job: 'j-1', title: 'Release', channel: 'C1', unnamedFields: true }, 'Validation Failed'),
    // Home tabs are views, but their buttons are checked like a message's.
    ...(['connected', 'not_connected', 'unreachable'] as const).map((kind) => ({
      text: 'home',
      blocks: homeView({
        connection: kind === 'connected' ? { kind, name: user.name, email: user.email, org: { name: 'Acme', slug: 'acme' } } : { kind },
        builds,
        subscriptions: [],
        ...(kind === 'connected' ? { personal: { teamId: 'T1', userId: 'U1', buildkiteUserId: user.id, events: ['failed' as const], createdAt: NOW.toISOString() } } : {}),
        now: NOW,
      }).blocks as Message['blocks'],
    })),
  ];
  const queue = queues[0]!.queues[0]!;
  const modals = [
    unblockModal({ pipeline: 'deploy', build: 1, job: 'job-1', title: 'Release', fields: blockFields, channel: 'C1', messageTs: '1.000001' }),
    UnblockModal.loading({ pipeline: 'deploy', build: 1, job: 'job-1', channel: 'C1' }, 'Unblock step'),
    newBuildModal({ pipeline: 'web', channel: 'C1' }, 'main'),
    askApprovalModal({ pipeline: 'deploy', build: 1, job: 'job-1', title: 'Release', channel: 'C1', messageTs: '1.000001' }, ['U0BOB']),
    annotateModal({ pipeline: 'web', build: 1, channel: 'C1' }),
    pipelineModal({ channel: 'C1' }, [{ label: 'Default', value: clusters[0]!.id }]),
    pipelineModal({ pipeline: 'web', channel: 'C1' }, [], web),
    scheduleModal({ pipeline: 'web', channel: 'C1' }),
    scheduleModal({ pipeline: 'web', schedule: schedules[0]!.id, channel: 'C1' }, schedules[0]),
    pauseModal({ cluster: clusters[0]!.id, queue: queue.id, queueKey: queue.key, page: 0, channel: 'C1', messageTs: '1.000001' }),
    newClusterModal({ channel: 'C1' }),
    editClusterModal({ cluster: clusters[0]!.id, channel: 'C1' }, clusters[0]!, queues[0]!.queues),
    addQueueModal({ cluster: clusters[0]!.id, channel: 'C1' }),
    editQueueModal({ cluster: clusters[0]!.id, queue: queue.id, channel: 'C1' }, queue),
    agentDetailsModal(agents[0]!, 'C1'),
  ];
  return { messages, modals };
}

describe('feature definitions', () => {
  it('every action_id and callback_id is defined once, and no per-row prefix swallows another id', () => {
    const ids = buttonBindings.map((b) => b.button.actionId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const b of buttonBindings) {
      if (!b.button.perRow) continue;
      expect(ids.filter((id) => id.startsWith(`${b.button.actionId}:`)), b.button.actionId).toEqual([]);
    }
    const callbacks = modalBindings.map((m) => m.modal.callbackId);
    expect(new Set(callbacks).size).toBe(callbacks.length);
  });

  it('subcommand names and aliases are unique at each level', () => {
    const check = (level: { name: string; aliases?: string[] }[]) => {
      const names = level.flatMap((s) => [s.name, ...(s.aliases ?? [])]);
      expect(new Set(names).size, names.join(' ')).toBe(names.length);
    };
    const top = FEATURES.flatMap((f) => f.subcommands);
    check(top);
    for (const s of allSubcommands(top)) check(s.subcommands ?? []);
  });

  it('every button the renderers draw is handled, and its value decodes with its own schema', () => {
    const { messages } = drawEverything();
    const drawn = new Set<string>();
    for (const message of messages) {
      for (const button of buttonsIn(message.blocks)) {
        const binding = bindingFor(button.action_id!);
        drawn.add(binding.button.actionId);
        if (binding.button.decode) {
          expect(button.value, button.action_id).toBeDefined();
          expect(binding.button.decode(button.value), `${button.action_id} ${button.value}`).toBeDefined();
        } else {
          expect(button.url, button.action_id).toMatch(/^https:\/\//);
        }
      }
    }
    // Every defined button is drawn by some renderer: none is dead, and all were checked above.
    expect([...drawn].sort()).toEqual(buttonBindings.map((b) => b.button.actionId).sort());
  });

  it('every form the renderers draw is handled, and its private_metadata decodes with its own schema', () => {
    const { modals } = drawEverything();
    const drawn = new Set<string>();
    // A read-only modal (no submit) needs no handler.
    for (const view of modals.filter((v) => v.submit)) {
      const matches = modalBindings.filter((m) => m.modal.callbackId === view.callback_id);
      expect(matches, view.callback_id).toHaveLength(1);
      expect(matches[0]!.modal.decode(view.private_metadata), `${view.callback_id} ${view.private_metadata}`).toBeDefined();
      drawn.add(view.callback_id!);
    }
    expect([...drawn].sort()).toEqual(modalBindings.map((m) => m.modal.callbackId).sort());
  });

  it('a tampered value or metadata does not decode', () => {
    for (const b of buttonBindings) if (b.button.decode) expect(b.button.decode('{"p":"../../etc","b":-1,"c":"x y"}'), b.button.actionId).toBeUndefined();
    for (const m of modalBindings) expect(m.modal.decode('not json'), m.modal.callbackId).toBeUndefined();
  });
});
