import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditStart } from '../../src/store/audit-log.js';
import type { IncidentRecord } from '../../src/store/incidents.js';
import type { UnreadableRecord } from '../../src/store/records.js';
import type { Store } from '../../src/store/store.js';
import type { RedStreak } from '../../src/store/streaks.js';
import type { Subscription } from '../../src/store/subscriptions.js';
import type { Backend } from './backends.js';

const incident = (id: string, over: Partial<IncidentRecord> = {}): IncidentRecord => ({
  id,
  teamId: 'T1',
  channelId: 'C1',
  userId: 'U0JANE',
  userName: 'Jane',
  reason: 'disk full',
  note: 'Paused by the incident bot: disk full',
  createdAt: '2026-11-24T10:00:00.000Z',
  banner: { channel: 'C1', ts: '1.000001' },
  queues: [{ clusterId: 'c1', clusterName: 'Linux', queueId: 'q1', queueKey: 'default', pause: 'paused', pausedAt: '2026-11-24T10:00:01.000Z' }],
  resumeAttempts: 0,
  ...over,
});

const started = (over: Partial<AuditStart> = {}): AuditStart => ({
  teamId: 'T1',
  userId: 'U0JANE',
  channelId: 'C1',
  messageTs: '1.000100',
  tool: 'retry_job',
  input: { pipeline_slug: 'web', build_number: '12', job_id: 'j-1' },
  at: new Date('2026-11-24T10:00:00.000Z'),
  ...over,
});

const subscription = (over: Partial<Subscription> = {}): Subscription => ({
  teamId: 'T1',
  channelId: 'CS',
  pipeline: 'web',
  events: ['failed', 'fixed', 'blocked'],
  mention: true,
  createdBy: 'U0JANE',
  createdAt: '2026-11-24T10:00:00.000Z',
  ...over,
});

const streak = (over: Partial<RedStreak> = {}): RedStreak => ({
  id: 'CS/b-5',
  teamId: 'T1',
  channelId: 'CS',
  pipeline: 'web',
  branch: 'main',
  firstBuildId: 'b-5',
  firstBuildNumber: 5,
  redSince: '2026-11-24T10:00:00.000Z',
  openedAt: '2026-11-24T10:01:00.000Z',
  ts: '5.000001',
  readAs: 'U0JANE',
  ...over,
});

/** The contract every Store implementation keeps; run once per back-end. */
export function storeContract(makeBackend: () => Promise<Backend>): void {
  let backend: Backend;
  let clock = Date.parse('2026-11-24T10:00:00Z');
  const now = () => clock;
  const opened: Store[] = [];
  /** What the stores reported as unreadable (see store/records.ts). */
  const unreadable: UnreadableRecord[] = [];
  const open = async () => {
    const store = await backend.open(now, (u) => unreadable.push(u));
    opened.push(store);
    return store;
  };
  let store: Store;

  beforeAll(async () => {
    backend = await makeBackend();
    store = await open();
  });
  afterEach(() => {
    clock = Date.parse('2026-11-24T10:00:00Z');
    unreadable.length = 0;
  });
  afterAll(async () => {
    for (const s of opened) await s.close();
    await backend?.dispose();
  });

  it('is ready once opened, and opening again (migrations re-run) changes nothing', async () => {
    expect(await store.ready()).toBe(true);
    await store.setChannelPipeline('T0', 'C0', 'kept');
    const again = await open();
    expect(await again.ready()).toBe(true);
    if (backend.durable) expect(await again.getChannelPipeline('T0', 'C0')).toBe('kept');
  });

  it('keeps authorization links per user, replaced and cleared', async () => {
    expect(await store.getLink('U1')).toBeUndefined();
    const expiresAt = new Date('2026-11-24T10:10:00.123Z');
    await store.saveLink('U1', { url: 'https://x/magic/1', expiresAt });
    expect(await store.getLink('U1')).toEqual({ url: 'https://x/magic/1', expiresAt });
    await store.saveLink('U1', { url: 'https://x/magic/2', expiresAt });
    expect((await store.getLink('U1'))?.url).toBe('https://x/magic/2');
    expect(await store.getLink('U2')).toBeUndefined();
    await store.clearLink('U1');
    expect(await store.getLink('U1')).toBeUndefined();
  });

  it('keeps the per-user org cache', async () => {
    await store.saveOrgSlug('U1', 'acme');
    await store.saveOrgSlug('U1', 'acme-2');
    expect(await store.getOrgSlug('U1')).toBe('acme-2');
    await store.clearOrgSlug('U1');
    expect(await store.getOrgSlug('U1')).toBeUndefined();
  });

  it('keeps channel → pipeline links per team and channel', async () => {
    await store.setChannelPipeline('T1', 'C1', 'web');
    await store.setChannelPipeline('T2', 'C1', 'deploy');
    await store.setChannelPipeline('T1', 'C1', 'api');
    expect(await store.getChannelPipeline('T1', 'C1')).toBe('api');
    expect(await store.getChannelPipeline('T2', 'C1')).toBe('deploy');
    await store.setChannelPipeline('T1', 'C1', undefined);
    expect(await store.getChannelPipeline('T1', 'C1')).toBeUndefined();
    expect(await store.getChannelPipeline('T2', 'C1')).toBe('deploy');
  });

  it('keeps verified identities per user, replaced and cleared', async () => {
    const at = new Date('2026-11-28T10:00:00.000Z');
    expect(await store.getVerifiedIdentity('UID')).toBeUndefined();
    await store.saveVerifiedIdentity('UID', { buildkiteUserId: 'bk1', email: 'a@x.test', verifiedAt: at });
    await store.saveVerifiedIdentity('UID', { buildkiteUserId: 'bk2', email: 'b@x.test', verifiedAt: at });
    expect(await store.getVerifiedIdentity('UID')).toEqual({ buildkiteUserId: 'bk2', email: 'b@x.test', verifiedAt: at });
    await store.clearVerifiedIdentity('UID');
    expect(await store.getVerifiedIdentity('UID')).toBeUndefined();
  });

  it('keeps channel settings per team and channel, with defaults', async () => {
    expect(await store.getChannelSettings('T1', 'CS')).toEqual({ logs: true });
    await store.saveChannelSettings('T1', 'CS', { logs: false });
    expect(await store.getChannelSettings('T1', 'CS')).toEqual({ logs: false });
    expect(await store.getChannelSettings('T2', 'CS')).toEqual({ logs: true });
    await store.saveChannelSettings('T1', 'CS', { logs: true });
    expect(await store.getChannelSettings('T1', 'CS')).toEqual({ logs: true });
  });

  it('claims a key once until it expires or is released', async () => {
    expect(await store.claim('k1', 1000)).toBe(true);
    expect(await store.claim('k1', 1000)).toBe(false);
    expect(await store.claim('k2', 1000)).toBe(true);
    clock += 999;
    expect(await store.claim('k1', 1000)).toBe(false);
    clock += 1;
    expect(await store.claim('k1', 1000)).toBe(true);
    await store.release('k1');
    expect(await store.claim('k1', 1000)).toBe(true);
  });

  it('gives a key to exactly one of many simultaneous claimers', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => store.claim('race', 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('prunes expired claims only', async () => {
    await store.claim('old', 10);
    await store.claim('live', 60_000);
    clock += 100;
    expect(await store.pruneClaims(new Date(clock))).toBeGreaterThanOrEqual(1);
    expect(await store.claim('live', 60_000)).toBe(false);
    expect(await store.claim('old', 10)).toBe(true);
  });

  it('finds the Slack user whose connection was checked to be a Buildkite user’s', async () => {
    expect(await store.slackUserOf('bk-none')).toBeUndefined();
    await store.saveVerifiedIdentity('U0LINKED', { buildkiteUserId: 'bk-linked', email: 'l@acme.test', verifiedAt: new Date('2026-11-24T10:00:00.000Z') });
    expect(await store.slackUserOf('bk-linked')).toBe('U0LINKED');
    await store.clearVerifiedIdentity('U0LINKED');
    expect(await store.slackUserOf('bk-linked')).toBeUndefined();
  });

  it('keeps one subscription per channel and pipeline, listed by channel and by pipeline', async () => {
    await store.saveSubscription(subscription());
    await store.saveSubscription(subscription({ pipeline: 'api', branch: 'release/*' }));
    await store.saveSubscription(subscription({ channelId: 'CT' }));
    await store.saveSubscription(subscription({ events: ['passed'], createdBy: 'U0BOB' }));
    expect(await store.channelSubscriptions('T1', 'CS')).toEqual([subscription({ pipeline: 'api', branch: 'release/*' }), subscription({ events: ['passed'], createdBy: 'U0BOB' })]);
    expect((await store.pipelineSubscriptions('web')).map((s) => s.channelId).sort()).toEqual(['CS', 'CT']);
    expect((await store.allSubscriptions()).map((s) => `${s.pipeline}:${s.channelId}`)).toEqual(expect.arrayContaining(['api:CS', 'web:CS', 'web:CT']));
    expect(await store.removeSubscription('T1', 'CS', 'web')).toBe(true);
    expect(await store.removeSubscription('T1', 'CS', 'web')).toBe(false);
    expect((await store.pipelineSubscriptions('web')).map((s) => s.channelId)).toEqual(['CT']);
    expect(await store.channelSubscriptions('T2', 'CS')).toEqual([]);
  });

  it('keeps a subscription’s filters, mention group, escalation and mute', async () => {
    const filtered = subscription({
      channelId: 'CF', author: 'U0JANE', bots: false, steps: 'test*', pullRequests: false, mentionGroup: 'S0123', escalateAfterMinutes: 30,
      muted: { by: 'U0BOB', at: '2026-11-24T10:00:00.000Z', until: '2026-11-24T12:00:00.000Z' },
    });
    await store.saveSubscription(filtered);
    expect(await store.channelSubscriptions('T1', 'CF')).toEqual([filtered]);
    const { muted: _muted, ...unmuted } = filtered;
    await store.saveSubscription(unmuted);
    expect(await store.channelSubscriptions('T1', 'CF')).toEqual([unmuted]);
  });

  it('remembers a build’s card per channel, whose rank only moves forward', async () => {
    expect(await store.getBuildCard('b-1', 'CS')).toBeUndefined();
    expect(await store.advanceBuildCard('b-1', 'CS', 1)).toBe(false);
    await store.saveBuildCard({ buildId: 'b-1', teamId: 'T1', channelId: 'CS', ts: '1.000001', readAs: 'U0JANE', rank: 2 });
    await store.saveBuildCard({ buildId: 'b-1', teamId: 'T1', channelId: 'CT', ts: '2.000001', readAs: 'U0BOB', rank: 2 });
    expect(await store.getBuildCard('b-1', 'CS')).toEqual({ buildId: 'b-1', teamId: 'T1', channelId: 'CS', ts: '1.000001', readAs: 'U0JANE', rank: 2 });
    expect((await store.buildCards('b-1')).map((c) => c.channelId)).toEqual(['CS', 'CT']);
    expect(await store.advanceBuildCard('b-1', 'CS', 1)).toBe(false);
    expect(await store.advanceBuildCard('b-1', 'CS', 2)).toBe(false);
    expect(await store.advanceBuildCard('b-1', 'CS', 3)).toBe(true);
    expect(await store.advanceBuildCard('b-1', 'CS', 14_000_000_000_005)).toBe(true);
    expect((await store.getBuildCard('b-1', 'CS'))?.rank).toBe(14_000_000_000_005);
    expect(await store.getBuildCard('b-1', 'CX')).toBeUndefined();
    expect(await store.buildCards('b-2')).toEqual([]);
  });

  it('remembers each preview of a build, whose rank only moves forward', async () => {
    const preview = { buildId: 'b-1', teamId: 'T1', channelId: 'CV', messageTs: '1.000001', url: 'https://buildkite.com/acme/web/builds/1', readAs: 'U1', rank: 10 };
    await store.savePreview(preview);
    await store.savePreview({ ...preview, messageTs: '1.000002' });
    await store.savePreview({ ...preview, buildId: 'b-2' });
    expect((await store.buildPreviews('b-1')).map((p) => p.messageTs)).toEqual(['1.000001', '1.000002']);
    expect(await store.advancePreview(preview, 10)).toBe(false);
    expect(await store.advancePreview(preview, 11)).toBe(true);
    expect(await store.advancePreview(preview, 11)).toBe(false);
    await store.savePreview({ ...preview, rank: 5 });
    expect((await store.buildPreviews('b-1'))[0]).toEqual({ ...preview, rank: 11 });
    expect(await store.advancePreview({ ...preview, url: 'https://buildkite.com/acme/web/builds/9' }, 99)).toBe(false);
  });

  it('opens a red streak once, finds the open one per branch, and ends it once', async () => {
    expect(await store.openRedStreak('T1', 'CS', 'web', 'main')).toBeUndefined();
    expect(await store.addRedStreak(streak())).toBe(true);
    expect(await store.addRedStreak(streak({ ts: '9.000001' }))).toBe(false);
    await store.addRedStreak(streak({ id: 'CS/b-7', firstBuildId: 'b-7', firstBuildNumber: 7, branch: 'release' }));
    expect(await store.openRedStreak('T1', 'CS', 'web', 'main')).toEqual(streak());
    expect(await store.getRedStreak('CS/b-5')).toEqual(streak());
    expect((await store.openRedStreaks()).map((s) => s.id).sort()).toEqual(['CS/b-5', 'CS/b-7']);
    const fixed = await Promise.all([store.fixRedStreak('CS/b-5', 8, '2026-11-24T10:30:00.000Z'), store.fixRedStreak('CS/b-5', 9, '2026-11-24T10:31:00.000Z')]);
    // Two replicas race: exactly one ends it, whichever the database serves first, and its fix is kept.
    expect(fixed.filter(Boolean)).toHaveLength(1);
    const winner = fixed[0] ? { fixedBy: 8, fixedAt: '2026-11-24T10:30:00.000Z' } : { fixedBy: 9, fixedAt: '2026-11-24T10:31:00.000Z' };
    expect(await store.getRedStreak('CS/b-5')).toEqual(streak(winner));
    expect(await store.openRedStreak('T1', 'CS', 'web', 'main')).toBeUndefined();
    expect((await store.openRedStreaks()).map((s) => s.id)).toEqual(['CS/b-7']);
    expect(await store.escalateRedStreak('CS/b-5', '2026-11-24T10:40:00.000Z')).toBe(false);
  });

  it('keeps the first answer of a build’s diagnosis per channel, whoever saves it next', async () => {
    const first = { teamId: 'T1', channelId: 'CD', pipeline: 'web', build: 41, messageTs: '5.000002', threadTs: '5.000001', askedBy: 'U0JANE', answeredAt: '2026-12-02T09:00:00.000Z' };
    expect(await store.getDiagnosis('T1', 'CD', 'web', 41)).toBeUndefined();
    const saved = await Promise.all([store.saveDiagnosis(first), store.saveDiagnosis({ ...first, messageTs: '6.000001', askedBy: 'U0BOB' })]);
    expect(saved.filter(Boolean)).toHaveLength(1);
    const kept = await store.getDiagnosis('T1', 'CD', 'web', 41);
    expect([first.messageTs, '6.000001']).toContain(kept?.messageTs);
    expect(await store.saveDiagnosis({ ...first, messageTs: '7.000001' })).toBe(false);
    expect((await store.getDiagnosis('T1', 'CD', 'web', 41))?.messageTs).toBe(kept?.messageTs);
    // Another build, channel or pipeline is its own answer; one without a thread (a command's) keeps none.
    const { threadTs: _thread, ...alone } = first;
    expect(await store.saveDiagnosis({ ...alone, channelId: 'CE' })).toBe(true);
    expect(await store.getDiagnosis('T1', 'CE', 'web', 41)).toEqual({ ...alone, channelId: 'CE' });
    expect(await store.getDiagnosis('T1', 'CD', 'web', 42)).toBeUndefined();
    expect(await store.getDiagnosis('T1', 'CD', 'api', 41)).toBeUndefined();
  });

  it('keeps the first of many simultaneous takers of a red streak as its owner; one taken is never escalated', async () => {
    await store.addRedStreak(streak({ id: 'CS/b-20', firstBuildId: 'b-20' }));
    const takers = Array.from({ length: 20 }, (_, i) => `U0P${i}`);
    const taken = await Promise.all(takers.map((u) => store.takeRedStreak('CS/b-20', u, '2026-11-24T10:05:00.000Z')));
    const owner = taken[0]?.owner;
    expect(takers).toContain(owner);
    expect(new Set(taken.map((t) => t?.owner))).toEqual(new Set([owner]));
    expect(await store.escalateRedStreak('CS/b-20', '2026-11-24T10:40:00.000Z')).toBe(false);
    expect(await store.takeRedStreak('CS/none', 'U0X', '2026-11-24T10:05:00.000Z')).toBeUndefined();

    await store.addRedStreak(streak({ id: 'CS/b-21', firstBuildId: 'b-21' }));
    const escalated = await Promise.all(Array.from({ length: 10 }, () => store.escalateRedStreak('CS/b-21', '2026-11-24T10:40:00.000Z')));
    expect(escalated.filter(Boolean)).toHaveLength(1);
    expect((await store.getRedStreak('CS/b-21'))?.escalatedAt).toBe('2026-11-24T10:40:00.000Z');
    expect((await store.takeRedStreak('CS/b-21', 'U0LATE', '2026-11-24T10:41:00.000Z'))?.owner).toBe('U0LATE');
  });

  it('keeps one personal notification record per person, found by their Buildkite user', async () => {
    const jane = { teamId: 'T1', userId: 'UJ', buildkiteUserId: 'bk-jane', email: 'jane@acme.test', events: ['failed' as const], createdAt: '2026-11-28T00:00:00.000Z' };
    await store.savePersonalSettings(jane);
    await store.savePersonalSettings({ ...jane, userId: 'UK', buildkiteUserId: 'bk-kim' });
    await store.savePersonalSettings({ ...jane, events: ['failed', 'blocked'] });
    expect(await store.personalSettings('T1', 'UJ')).toEqual({ ...jane, events: ['failed', 'blocked'] });
    expect((await store.personalSettingsFor('bk-jane')).map((s) => s.userId)).toEqual(['UJ']);
    expect(await store.allPersonalSettings()).toHaveLength(2);
    expect(await store.removePersonalSettings('T1', 'UJ')).toBe(true);
    expect(await store.removePersonalSettings('T1', 'UJ')).toBe(false);
    expect(await store.personalSettings('T1', 'UJ')).toBeUndefined();
  });

  it('keeps one digest per channel and scope, replaced when set up again, and removed by its off switch', async () => {
    const daily = { teamId: 'T1', channelId: 'CD', scope: 'web', cadence: 'daily' as const, at: '09:00', timeZone: 'Europe/Berlin', setUpBy: 'UJ', createdAt: '2026-11-28T00:00:00.000Z', stepMedians: {} };
    await store.saveDigest(daily);
    await store.saveDigest({ ...daily, scope: 'all' });
    await store.saveDigest({ ...daily, channelId: 'CE' });
    await store.saveDigest({ ...daily, cadence: 'weekly', lastPeriodSent: '2026-11-30T08:00:00.000Z', stepMedians: { 'web|e2e': 900_000 } });
    expect(await store.channelDigests('T1', 'CD')).toEqual([{ ...daily, scope: 'all' }, { ...daily, cadence: 'weekly', lastPeriodSent: '2026-11-30T08:00:00.000Z', stepMedians: { 'web|e2e': 900_000 } }]);
    expect(await store.allDigests()).toHaveLength(3);
    expect(await store.removeDigest('T1', 'CD', 'web')).toBe(true);
    expect(await store.removeDigest('T1', 'CD', 'web')).toBe(false);
    expect((await store.channelDigests('T1', 'CD')).map((d) => d.scope)).toEqual(['all']);
  });

  it('saves, replaces and reads incidents as copies', async () => {
    await store.saveIncident(incident('i1'));
    const read = await store.getIncident('i1');
    expect(read).toEqual(incident('i1'));
    read!.queues[0]!.pause = 'failed';
    expect((await store.getIncident('i1'))!.queues[0]!.pause).toBe('paused');
    await store.saveIncident(incident('i1', { reason: 'disk full again', queues: [] }));
    expect(await store.getIncident('i1')).toEqual(incident('i1', { reason: 'disk full again', queues: [] }));
    expect(await store.getIncident('nope')).toBeUndefined();
  });

  it('finds the latest open incident of a channel and closes it', async () => {
    await store.saveIncident(incident('a', { channelId: 'C9', createdAt: '2026-11-24T09:00:00.000Z' }));
    await store.saveIncident(incident('b', { channelId: 'C9', createdAt: '2026-11-24T11:00:00.000Z' }));
    await store.saveIncident(incident('c', { channelId: 'C8', createdAt: '2026-11-24T12:00:00.000Z' }));
    expect((await store.latestOpenIncident('T1', 'C9'))?.id).toBe('b');
    await store.closeIncident('b', 'U0BOB', '2026-11-24T11:30:00.000Z');
    expect(await store.getIncident('b')).toMatchObject({ closedBy: 'U0BOB', closedAt: '2026-11-24T11:30:00.000Z', reason: 'disk full' });
    expect((await store.latestOpenIncident('T1', 'C9'))?.id).toBe('a');
    await store.closeIncident('a', 'U0BOB', '2026-11-24T11:31:00.000Z');
    expect(await store.latestOpenIncident('T1', 'C9')).toBeUndefined();
    expect(await store.latestOpenIncident('T2', 'C8')).toBeUndefined();
    await store.closeIncident('missing', 'U0BOB', '2026-11-24T11:31:00.000Z');
  });

  it('records an action as started, then how it ended', async () => {
    const ok = await store.auditStarted(started({ channelId: 'CA', at: new Date('2026-11-24T10:00:00.000Z') }));
    const bad = await store.auditStarted(started({ channelId: 'CA', tool: 'cancel_build', at: new Date('2026-11-24T10:01:00.000Z') }));
    const open = await store.auditStarted(started({ channelId: 'CA', tool: 'unblock_job', input: { fields: { region: 'eu' } }, at: new Date('2026-11-24T10:02:00.000Z'), messageTs: undefined }));
    await store.auditFinished(ok, { outcome: 'succeeded', executionId: 'exec-1', at: new Date('2026-11-24T10:00:01.000Z') });
    await store.auditFinished(bad, { outcome: 'failed', reason: 'invalid: build already finished', executionId: 'exec-2', at: new Date('2026-11-24T10:01:01.000Z') });
    const entries = await store.latestAudit('T1', 'CA', 10);
    expect(entries.map((e) => e.outcome)).toEqual(['started', 'failed', 'succeeded']);
    expect(entries[0]).toEqual({ id: open, teamId: 'T1', userId: 'U0JANE', channelId: 'CA', tool: 'unblock_job', input: { fields: { region: 'eu' } }, at: new Date('2026-11-24T10:02:00.000Z'), outcome: 'started' });
    expect(entries[1]).toMatchObject({ id: bad, tool: 'cancel_build', reason: 'invalid: build already finished', executionId: 'exec-2', finishedAt: new Date('2026-11-24T10:01:01.000Z') });
    expect(entries[2]).toMatchObject({ id: ok, messageTs: '1.000100', input: { pipeline_slug: 'web', build_number: '12', job_id: 'j-1' }, executionId: 'exec-1' });
    expect(entries[2]!.reason).toBeUndefined();
    expect(await store.latestAudit('T1', 'CA', 2)).toHaveLength(2);
    expect(await store.latestAudit('T1', 'CB', 10)).toEqual([]);
    expect(await store.latestAudit('T2', 'CA', 10)).toEqual([]);
  });

  it('lists actions that started and never recorded an outcome, within a window', async () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 9, 1, 12, minute));
    const early = await store.auditStarted(started({ channelId: 'CU', at: at(1) }));
    const done = await store.auditStarted(started({ channelId: 'CU', at: at(2) }));
    await store.auditFinished(done, { outcome: 'succeeded', at: at(3) });
    const late = await store.auditStarted(started({ channelId: 'CU', at: at(4) }));
    await store.auditStarted(started({ channelId: 'CU', at: at(30) }));
    expect((await store.unfinishedAudit(at(0), at(10))).map((e) => e.id)).toEqual([early, late]);
  });

  it('prunes audit entries older than the retention cut-off', async () => {
    await store.auditStarted(started({ channelId: 'CP', at: new Date('2026-08-01T00:00:00.000Z') }));
    await store.auditStarted(started({ channelId: 'CP', at: new Date('2026-11-20T00:00:00.000Z') }));
    expect(await store.pruneAudit(new Date('2026-09-01T00:00:00.000Z'))).toBe(1);
    const left = await store.latestAudit('T1', 'CP', 10);
    expect(left.map((e) => e.at.toISOString())).toEqual(['2026-11-20T00:00:00.000Z']);
  });

  it('keeps approval requests per build and channel: replaced, listed, removed; one saved before its newer fields reads with their defaults', async () => {
    const request = { teamId: 'T1', channelId: 'CA', ts: '9.000001', buildId: 'b-appr', pipeline: 'deploy', number: 7, readAs: 'U0JANE', asked: ['U0BOB'], remindAt: '2026-11-24T14:00:00.000Z', remindersSent: 0, createdAt: '2026-11-24T10:00:00.000Z' };
    expect(await store.getApprovalRequest('b-appr', 'CA')).toBeUndefined();
    await store.saveApprovalRequest(request);
    await store.saveApprovalRequest({ ...request, asked: ['U0BOB', 'U0ALICE'], remindersSent: 1 });
    expect(await store.getApprovalRequest('b-appr', 'CA')).toEqual({ ...request, asked: ['U0BOB', 'U0ALICE'], remindersSent: 1 });
    const { asked: _asked, remindersSent: _sent, ...older } = { ...request, channelId: 'CB' };
    await backend.writeRaw(store, 'approval_requests', { build_id: 'b-appr', channel_id: 'CB', team_id: 'T1', record: older });
    expect((await store.allApprovalRequests()).filter((r) => r.buildId === 'b-appr')).toEqual([{ ...request, asked: ['U0BOB', 'U0ALICE'], remindersSent: 1 }, { ...older, asked: [], remindersSent: 0 }]);
    await store.removeApprovalRequest('b-appr', 'CA');
    expect((await store.allApprovalRequests()).filter((r) => r.buildId === 'b-appr').map((r) => r.channelId)).toEqual(['CB']);
  });

  describe('records read back through their schemas', () => {
    const reported = () => unreadable.map((u) => `${u.table} ${u.key}`);

    it('reads a subscription saved before its newer fields with their defaults', async () => {
      const older = { teamId: 'T1', channelId: 'CO', pipeline: 'web', createdBy: 'U0JANE', createdAt: '2026-10-01T00:00:00.000Z' };
      await backend.writeRaw(store, 'subscriptions', { team_id: 'T1', channel_id: 'CO', pipeline: 'web', record: older });
      expect(await store.channelSubscriptions('T1', 'CO')).toEqual([{ ...older, events: ['failed', 'fixed', 'blocked'], mention: true }]);
      expect(unreadable).toEqual([]);
    });

    it('skips a subscription that does not fit, reports it once, and reads the others; saving it again mends it', async () => {
      await store.saveSubscription(subscription({ channelId: 'CM', pipeline: 'api' }));
      await backend.writeRaw(store, 'subscriptions', { team_id: 'T1', channel_id: 'CM', pipeline: 'bad', record: { ...subscription({ channelId: 'CM', pipeline: 'bad' }), events: 'failed' } });
      expect(await store.channelSubscriptions('T1', 'CM')).toEqual([subscription({ channelId: 'CM', pipeline: 'api' })]);
      expect(await store.pipelineSubscriptions('bad')).toEqual([]);
      expect((await store.allSubscriptions()).filter((s) => s.channelId === 'CM').map((s) => s.pipeline)).toEqual(['api']);
      expect(reported()).toEqual(['subscriptions T1/CM/bad']);
      expect(unreadable[0]!.problem).toMatch(/^events: /);
      await store.saveSubscription(subscription({ channelId: 'CM', pipeline: 'bad' }));
      expect((await store.pipelineSubscriptions('bad')).map((s) => s.channelId)).toEqual(['CM']);
    });

    it('reads channel settings saved before a setting existed with its default, and settings that do not fit as the defaults', async () => {
      await backend.writeRaw(store, 'channel_settings', { team_id: 'T1', channel_id: 'CO', settings: { linkedOrg: 'acme' } });
      await backend.writeRaw(store, 'channel_settings', { team_id: 'T1', channel_id: 'CB', settings: { logs: 'no', linkedOrg: 'acme' } });
      expect(await store.getChannelSettings('T1', 'CO')).toEqual({ logs: true, linkedOrg: 'acme' });
      expect(await store.getChannelSettings('T1', 'CB')).toEqual({ logs: true });
      expect(reported()).toEqual(['channel_settings T1/CB']);
    });

    it('reads a JSON column that is not JSON (SQLite keeps it as text) as unreadable', async ({ skip }) => {
      if (backend.name !== 'sqlite') skip('only SQLite keeps a JSON column as text');
      await backend.writeRaw(store, 'channel_settings', { team_id: 'T1', channel_id: 'CJ', settings: '{"logs": fal' });
      expect(await store.getChannelSettings('T1', 'CJ')).toEqual({ logs: true });
      expect(reported()).toEqual(['channel_settings T1/CJ']);
      expect(unreadable[0]!.problem).toMatch(/expected object, received string/);
    });

    it('reads an incident that does not fit as absent, and the latest open one as the latest that can be read', async () => {
      await store.saveIncident(incident('ok', { channelId: 'CI', createdAt: '2026-11-24T09:00:00.000Z' }));
      const broken = { ...incident('broken', { channelId: 'CI', createdAt: '2026-11-24T11:00:00.000Z' }), queues: [{ clusterId: 'c1', pause: 'maybe' }] };
      await backend.writeRaw(store, 'incidents', { id: 'broken', team_id: 'T1', channel_id: 'CI', created_at: broken.createdAt, closed_at: null, record: broken });
      expect(await store.getIncident('broken')).toBeUndefined();
      expect((await store.latestOpenIncident('T1', 'CI'))?.id).toBe('ok');
      expect(reported()).toEqual(['incidents broken']);
      expect(unreadable[0]!.problem).toContain('queues.0.pause');
    });

    it('keeps a person’s snooze, quiet hours and time zone', async () => {
      const held = { teamId: 'T1', userId: 'UQ', buildkiteUserId: 'bk-q', events: ['failed' as const], createdAt: '2026-10-01T00:00:00.000Z', snoozedUntil: '2026-10-01T02:00:00.000Z', quietHours: { from: 22, to: 8 }, timeZone: 'Europe/Berlin' };
      await store.savePersonalSettings(held);
      expect(await store.personalSettings('T1', 'UQ')).toEqual(held);
    });

    it('reads personal settings saved without events as every event, and skips those that do not fit', async () => {
      const older = { teamId: 'T1', userId: 'UOLD', buildkiteUserId: 'bk-old', createdAt: '2026-10-01T00:00:00.000Z' };
      await backend.writeRaw(store, 'personal_notifications', { team_id: 'T1', user_id: 'UOLD', buildkite_user_id: 'bk-old', record: older });
      await backend.writeRaw(store, 'personal_notifications', { team_id: 'T1', user_id: 'UBAD', buildkite_user_id: 'bk-old', record: { ...older, userId: 'UBAD', events: ['sometimes'] } });
      expect(await store.personalSettings('T1', 'UOLD')).toEqual({ ...older, events: ['failed', 'blocked'] });
      expect(await store.personalSettings('T1', 'UBAD')).toBeUndefined();
      expect((await store.personalSettingsFor('bk-old')).map((s) => s.userId)).toEqual(['UOLD']);
      expect(reported()).toEqual(['personal_notifications T1/UBAD']);
    });

    it('reads a digest saved without step medians as having none, and skips one that does not fit', async () => {
      const older = { teamId: 'T1', channelId: 'CO', scope: 'web', cadence: 'daily', at: '09:00', timeZone: 'UTC', setUpBy: 'UJ', createdAt: '2026-10-01T00:00:00.000Z' };
      await backend.writeRaw(store, 'digests', { team_id: 'T1', channel_id: 'CO', scope: 'web', record: older });
      await backend.writeRaw(store, 'digests', { team_id: 'T1', channel_id: 'CO', scope: 'api', record: { ...older, scope: 'api', cadence: 'hourly' } });
      expect(await store.channelDigests('T1', 'CO')).toEqual([{ ...older, stepMedians: {} }]);
      expect(reported()).toEqual(['digests T1/CO/api']);
    });

    it('skips an audit entry whose input is not an object, in the channel’s list and among the unfinished', async () => {
      const at = new Date('2026-11-24T10:05:00.000Z');
      const kept = await store.auditStarted(started({ channelId: 'CR', at }));
      const columns = { team_id: 'T1', user_id: 'U0JANE', channel_id: 'CR', message_ts: null, tool: 'retry_job', outcome: 'started', reason: null, execution_id: null, finished_at: null };
      await backend.writeRaw(store, 'audit_log', { id: 900001, at, ...columns, input: [1, 2] });
      expect((await store.latestAudit('T1', 'CR', 10)).map((e) => e.id)).toEqual([kept]);
      expect((await store.unfinishedAudit(at, at)).map((e) => e.id)).toEqual([kept]);
      expect(reported()).toEqual(['audit_log 900001']);
    });
  });

  describe('durability', () => {
    it('a second store on the same data (a restart, another replica) sees links, claims and the audit', async ({ skip }) => {
      if (!backend.durable) skip('this back-end keeps nothing beyond its process');
      await store.setChannelPipeline('T1', 'CD', 'web');
      const id = await store.auditStarted(started({ channelId: 'CD' }));
      expect(await store.claim('shared-key', 60_000)).toBe(true);
      const other = await open();
      expect(await other.getChannelPipeline('T1', 'CD')).toBe('web');
      expect((await other.latestAudit('T1', 'CD', 1))[0]).toMatchObject({ id, outcome: 'started' });
      expect(await other.claim('shared-key', 60_000)).toBe(false);
      const both = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? store : other).claim('shared-race', 60_000)));
      expect(both.filter(Boolean)).toHaveLength(1);
    });
  });
}
