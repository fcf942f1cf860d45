import { describe, expect, it } from 'vitest';
import { stillOurPause } from '../../../src/features/queues/incident.js';
import { type QueuesOverview } from '../../../src/features/queues/queues-overview.js';
import type { ClusterQueue } from '../../../src/buildkite/clusters.js';
import { readQueueForm } from '../../../src/features/clusters/cluster-forms.js';
import { readPauseForm } from '../../../src/features/queues/pause-form.js';
import { incidentBanner, incidentQueueLine, resumable } from '../../../src/features/queues/incident-banner.js';
import { dispatchState, pauseNote, QUEUES_PAGE_SIZE, queuesMessage } from '../../../src/features/queues/queues-message.js';
import { QueuesPageButton, ResumeQueueButton } from '../../../src/features/queues/buttons.js';
import { MemoryStore } from '../../../src/store/memory.js';
import type { IncidentQueue, IncidentRecord } from '../../../src/features/queues/incident-record.js';

const now = new Date('2026-06-01T10:00:00Z');
const queue = (i: number, extra: Partial<ClusterQueue> = {}): ClusterQueue => ({ id: `q-${i}`, key: `key${i}`, dispatch_paused: false, ...extra });

function overview(clusters: number, perCluster: number): QueuesOverview {
  return {
    clusters: Array.from({ length: clusters }, (_, c) => ({ cluster: { id: `c-${c}`, name: `Cluster ${c}` }, queues: Array.from({ length: perCluster }, (_, i) => queue(c * 100 + i)) })),
    agentsByQueue: { key0: 3 },
    agentsComplete: true,
  };
}

const buttonsOf = (blocks: unknown[]) =>
  (blocks as { accessory?: { action_id: string }; elements?: { type: string; action_id: string }[] }[]).flatMap((b) => [
    ...(b.accessory ? [b.accessory.action_id] : []),
    ...(b.elements ?? []).filter((e) => e.type === 'button').map((e) => e.action_id),
  ]);

describe('queues renderer', () => {
  it('keeps every page within 50 blocks even when each queue is in its own cluster', () => {
    for (const [clusters, per] of [[40, 1], [1, 40], [2, 20], [7, 6]] as const) {
      const ov = overview(clusters, per);
      const total = clusters * per;
      for (let page = 0; page < Math.ceil(total / QUEUES_PAGE_SIZE); page++) {
        const m = queuesMessage({ overview: ov, org: 'acme', page, now, note: 'Requested by <@U0JANE>' });
        expect(m.blocks.length).toBeLessThanOrEqual(50);
        const ids = buttonsOf(m.blocks);
        expect(new Set(ids).size).toBe(ids.length);
      }
    }
  });

  it('shows page position and only the buttons that lead somewhere; the page travels in a valid value', () => {
    const first = queuesMessage({ overview: overview(1, 40), org: 'acme', page: 0, now, clusterFilter: 'Cluster 0' });
    const nav = first.blocks.find((b) => (b as { block_id?: string }).block_id === 'queues_nav') as { elements: { action_id: string; value: string }[] };
    expect(nav.elements.map((e) => e.action_id)).toEqual(['queues_page:next']);
    expect(QueuesPageButton.decode(nav.elements[0]!.value)).toEqual({ page: 1, clusterFilter: 'Cluster 0' });
    const clamped = queuesMessage({ overview: overview(1, 40), org: 'acme', page: 99, now });
    expect(JSON.stringify(clamped.blocks)).toContain('Page 2 of 2');
    const single = queuesMessage({ overview: overview(1, 3), org: 'acme', page: 0, now });
    expect(single.blocks.some((b) => (b as { block_id?: string }).block_id === 'queues_nav')).toBe(false);
  });

  it('row buttons carry a schema-valid queue ref; paused rows get Resume behind a confirm', () => {
    const ov = overview(1, 1);
    ov.clusters[0]!.queues[0] = queue(0, { dispatch_paused: true, dispatch_paused_note: 'x' });
    const m = queuesMessage({ overview: ov, org: 'acme', page: 0, now });
    const row = m.blocks.find((b) => (b as { block_id?: string }).block_id === 'queue:q-0') as { accessory: { action_id: string; value: string; confirm?: unknown } };
    expect(row.accessory.action_id).toBe('resume_queue:q-0');
    expect(row.accessory.confirm).toBeDefined();
    expect(ResumeQueueButton.decode(row.accessory.value)).toEqual({ cluster: 'c-0', queue: 'q-0', queueKey: 'key0', page: 0 });
    expect(ResumeQueueButton.decode(JSON.stringify({ c: 'c 0', q: 'q', k: 'k', pg: 0 }))).toBeUndefined();
  });

  it('says who paused, when in words, and the note, escaped', () => {
    const q = queue(1, { dispatch_paused: true, dispatch_paused_by: { name: 'Jane <b>' }, dispatch_paused_at: '2026-06-01T09:55:00Z', dispatch_paused_note: '<!here> & co' });
    expect(dispatchState(q, now)).toBe(':double_vertical_bar: *paused* by Jane &lt;b&gt;, 5 minutes ago: “&lt;!here&gt; &amp; co”');
    expect(dispatchState(queue(2), now)).toBe(':arrow_forward: dispatching');
  });

  it('writes the Buildkite note with a plain display name', () => {
    expect(pauseNote('disk full', 'jane')).toBe('disk full (paused from Slack by @jane)');
  });
});

describe('pause and queue forms', () => {
  const v = (value: string) => ({ reason: { reason_value: { value } } });
  it('refuses a blank or over-long reason and keeps a good one as typed', () => {
    expect(readPauseForm(v('  '))).toHaveProperty('errors.reason');
    expect(readPauseForm({})).toHaveProperty('errors.reason');
    expect(readPauseForm(v('x'.repeat(256)))).toHaveProperty('errors.reason');
    expect(readPauseForm(v(' disk <full> '))).toEqual({ values: { reason: ' disk <full> ' } });
    expect(readPauseForm(v('x'.repeat(255)))).toHaveProperty('values');
  });
  it('checks queue keys before Buildkite does', () => {
    expect(readQueueForm({ key: { key_value: { value: 'a b' } } })).toHaveProperty('errors.key');
    expect(readQueueForm({ key: { key_value: { value: ' ok_1 ' } } })).toEqual({ values: { key: 'ok_1', description: '' } });
  });
});

const iq = (key: string, extra: Partial<IncidentQueue> = {}): IncidentQueue => ({ clusterId: 'c', clusterName: 'Linux', queueId: `id-${key}`, queueKey: key, pause: 'paused', ...extra });
const record = (queues: IncidentQueue[], extra: Partial<IncidentRecord> = {}): IncidentRecord => ({
  id: 'inc-1', teamId: 'T', channelId: 'C', userId: 'U0JANE', userName: 'jane', reason: 'db <down>', note: 'db <down> (paused from Slack by @jane)', createdAt: now.toISOString(), queues, ...extra,
});

describe('incident banner', () => {
  it('is honest about each queue and offers Resume only for what is owed', () => {
    const r = record([iq('a', { resume: 'resumed' }), iq('b', { resume: 'failed', resumeDetail: 'Forbidden' }), iq('c', { pause: 'failed', pauseDetail: 'Not Found' }), iq('d', { pause: 'already-paused' })]);
    expect(resumable(r).map((q) => q.queueKey)).toEqual(['b']);
    const m = incidentBanner(r);
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('db &lt;down&gt;');
    expect(text).toContain('resume failed: Forbidden. Still paused.');
    expect(text).toContain('`c` in *Linux*: not paused: Not Found');
    expect(text).toContain('Resume remaining (1)');
    expect(incidentQueueLine(iq('e', { resume: 'not-paused', resumeDetail: 'Cluster queue is not paused' }))).toContain('Buildkite said: Cluster queue is not paused');
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    // Counts agree with their nouns, never "queue(s)".
    expect(JSON.stringify(m.blocks)).toContain('Resume the queue this incident paused and is still paused by it.');
    expect(incidentBanner(record([iq('a')])).text).toBe('Incident: 1 queue paused: db &lt;down&gt;');
    expect(incidentBanner(record([iq('a'), iq('b')])).text).toBe('Incident: 2 queues paused: db &lt;down&gt;');
  });
  it('has no button once closed, and a large incident stays within limits', () => {
    const closed = incidentBanner(record([iq('a', { resume: 'resumed' })], { closedAt: now.toISOString(), closedBy: 'U0BOB' }));
    expect(JSON.stringify(closed.blocks)).not.toContain('resume_incident');
    expect(JSON.stringify(closed.blocks)).toContain('<@U0BOB>');
    const big = incidentBanner(record(Array.from({ length: 300 }, (_, i) => iq(`queue-${i}`))));
    expect(big.blocks.length).toBeLessThanOrEqual(50);
    for (const b of big.blocks as { text?: { text: string } }[]) expect((b.text?.text ?? '').length).toBeLessThanOrEqual(3000);
  });
  it('tells the incident’s own pause from a later one', () => {
    const mine = iq('a', { pausedAt: '2026-06-01T09:00:00Z' });
    const note = 'db <down> (paused from Slack by @jane)';
    expect(stillOurPause(mine, { id: 'x', key: 'a', dispatch_paused: true, dispatch_paused_note: note, dispatch_paused_at: '2026-06-01T09:00:00.000Z' }, note)).toBe(true);
    expect(stillOurPause(mine, { id: 'x', key: 'a', dispatch_paused: true, dispatch_paused_note: 'other', dispatch_paused_at: '2026-06-01T09:00:00Z' }, note)).toBe(false);
    expect(stillOurPause(mine, { id: 'x', key: 'a', dispatch_paused: true, dispatch_paused_note: note, dispatch_paused_at: '2026-06-01T09:30:00Z' }, note)).toBe(false);
    expect(stillOurPause(mine, { id: 'x', key: 'a', dispatch_paused: false }, note)).toBe(false);
  });
});

describe('MemoryStore incidents', () => {
  it('saves, finds the latest open one per channel, and closes', async () => {
    const store = new MemoryStore();
    await store.saveIncident(record([iq('a')], { id: 'old', createdAt: '2026-06-01T08:00:00Z' }));
    await store.saveIncident(record([iq('a')], { id: 'new', createdAt: '2026-06-01T09:00:00Z' }));
    await store.saveIncident(record([iq('a')], { id: 'other', channelId: 'C2', createdAt: '2026-06-01T09:30:00Z' }));
    expect((await store.latestOpenIncident('T', 'C'))?.id).toBe('new');
    await store.closeIncident('new', 'U0BOB', now.toISOString());
    expect(await store.getIncident('new')).toMatchObject({ closedBy: 'U0BOB', closedAt: now.toISOString() });
    expect((await store.latestOpenIncident('T', 'C'))?.id).toBe('old');
    const copy = await store.getIncident('old');
    copy!.reason = 'changed';
    expect((await store.getIncident('old'))?.reason).toBe('db <down>');
  });
});

describe('incident banner notification text', () => {
  it('the incident banner escapes the reason in its notification text', async () => {
    const { incidentBanner } = await import('../../../src/features/queues/incident-banner.js');
    const banner = incidentBanner({ id: 'i1', teamId: 'T', channelId: 'C', userId: 'U0JANE', userName: 'jane', reason: '<!channel> disk & <http://evil|x>', note: 'n', createdAt: new Date().toISOString(), queues: [] });
    expect(banner.text).not.toContain('<!channel>');
    expect(banner.text).toContain('&lt;!channel&gt; disk &amp; &lt;http://evil|x&gt;');
  });
});
