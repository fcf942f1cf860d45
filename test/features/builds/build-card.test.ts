import { describe, expect, it } from 'vitest';
import type { Build, Job } from '../../../src/buildkite/builds.js';
import { buildCard } from '../../../src/features/builds/build-card.js';
import { validateBlocks } from '../../../src/sandbox/slack-api/index.js';

const now = new Date('2026-11-24T12:00:00Z');
const job = (i: number, state: string, extra: Partial<Job> = {}): Job => ({ id: `job-${i}`, type: 'script', name: `step ${i}`, state, ...extra });
const build = (jobs: Job[], extra: Partial<Build> = {}): Build => ({
  id: 'b1',
  number: 7,
  state: 'failed',
  branch: 'main',
  commit: 'abcdef0123456789',
  message: 'Fix things',
  web_url: 'https://buildkite.com/acme/web/builds/7',
  started_at: '2026-11-24T11:48:00Z',
  finished_at: '2026-11-24T11:52:12Z',
  jobs,
  ...extra,
});

describe('build card', () => {
  it('stays within Block Kit limits for 300 jobs, many failed and blocked', () => {
    const jobs = [
      ...Array.from({ length: 250 }, (_, i) => job(i, 'passed')),
      ...Array.from({ length: 40 }, (_, i) => job(1000 + i, 'failed', { exit_status: 1 })),
      ...Array.from({ length: 10 }, (_, i) => job(2000 + i, 'blocked', { type: 'manual', name: '', label: `gate ${i}` })),
    ];
    const logs = new Map(jobs.filter((j) => j.state === 'failed').map((j) => [j.id, Array.from({ length: 40 }, () => 'x'.repeat(400))]));
    const card = buildCard({ build: build(jobs), pipeline: 'web', now, logs });
    expect(validateBlocks(card.blocks, 'message')).toEqual([]);
    expect(card.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(card.blocks)).toContain('37 more failed: step 1003');
    expect(JSON.stringify(card.blocks)).toContain('8 more blocked: gate 2');
    expect(JSON.stringify(card.blocks)).toContain('250 more passed jobs');
  });

  /** Every button and menu of a card, with its style. */
  const controls = (blocks: unknown[]) => {
    const out: { action_id: string; style?: string; type: string }[] = [];
    for (const b of blocks as { accessory?: { type: string; action_id: string; style?: string }; elements?: { type: string; action_id: string; style?: string }[]; type: string }[]) {
      if (b.accessory) out.push(b.accessory);
      if (b.type === 'actions') out.push(...(b.elements ?? []));
    }
    return out;
  };

  it('a build with 20 failed shards is a card a person can scan: under 20 blocks, one primary button, the rest in a menu', () => {
    const jobs = [...Array.from({ length: 30 }, (_, i) => job(i, 'passed')), ...Array.from({ length: 20 }, (_, i) => job(100 + i, 'failed', { exit_status: 1, name: `rspec shard ${i + 1}/20` }))];
    const logs = new Map(jobs.filter((j) => j.state === 'failed').map((j) => [j.id, ['Failures:', `  1) spec ${j.id} fails`, 'exit 1']]));
    const annotations = Array.from({ length: 5 }, (_, i) => ({ id: `a${i}`, context: `ctx${i}`, style: 'error', body_html: `<p>annotation ${i}</p>` }));
    const card = buildCard({ build: build(jobs), pipeline: 'web', now, logs, annotations, note: '🔁 Retried by <@U0JANE>', testRuns: 2 });
    expect(validateBlocks(card.blocks, 'message')).toEqual([]);
    expect(card.blocks.length).toBeLessThan(20);
    const all = controls(card.blocks);
    expect(all.filter((c) => c.style === 'primary').map((c) => c.action_id)).toEqual(['retry_all_failed']);
    // The first three failed jobs keep a row, their log lines and Retry; the other 17 are named in one line.
    expect(all.filter((c) => c.action_id.startsWith('retry_job:')).length).toBe(3);
    expect(JSON.stringify(card.blocks)).toContain('17 more failed: rspec shard 4/20');
    // One row of actions: Retry all failed, Rebuild, Logs, Why did it fail? and a menu holding the rest.
    const row = card.blocks.find((b) => b.type === 'actions') as { elements: { type: string; action_id: string; options?: { text: { text: string } }[] }[] };
    expect(card.blocks.filter((b) => b.type === 'actions')).toHaveLength(1);
    expect(row.elements.map((e) => e.action_id)).toEqual(['retry_all_failed', 'rebuild_build', 'card_logs', 'why_failed', 'more_actions']);
    // A full menu keeps Open in Buildkite; a finished build gives up Refresh.
    expect(row.elements[4]!.options!.map((o) => o.text.text)).toEqual(['Failed tests', 'Artifacts', 'Annotations', 'New build', 'Open in Buildkite']);
  });

  it('never drops Open in Buildkite from a full menu: a build still failing gives up New build instead of Refresh', () => {
    const jobs = [job(1, 'failed', { exit_status: 1 }), job(2, 'running')];
    const card = buildCard({ build: build(jobs, { state: 'failing', finished_at: null }), pipeline: 'web', now, testRuns: 1 });
    const menu = controls(card.blocks).find((c) => c.type === 'overflow') as unknown as { options: { text: { text: string } }[] };
    expect(menu.options.map((o) => o.text.text)).toEqual(['Failed tests', 'Artifacts', 'Annotations', 'Refresh', 'Open in Buildkite']);
  });

  it('counts agree with their nouns', () => {
    const one = buildCard({ build: build([job(1, 'passed')], { state: 'passed' }), pipeline: 'web', now });
    expect(JSON.stringify(one.blocks)).toContain('Its one job passed');
    expect(JSON.stringify(one.blocks)).not.toContain('All 1 jobs');
    const mixed = buildCard({ build: build([job(1, 'failed', { exit_status: 1 }), job(2, 'passed')]), pipeline: 'web', now });
    expect(JSON.stringify(mixed.blocks)).toContain('…and 1 more passed job');
    expect(JSON.stringify(mixed.blocks)).not.toContain('more passed jobs');
    const many = buildCard({ build: build([job(1, 'passed'), job(2, 'passed')], { state: 'passed' }), pipeline: 'web', now });
    expect(JSON.stringify(many.blocks)).toContain('All 2 jobs passed');
  });

  it('makes the one retryable job\'s Retry the primary button, and Unblock when nothing failed', () => {
    const single = buildCard({ build: build([job(1, 'failed'), job(2, 'passed')]), pipeline: 'web', now });
    expect(controls(single.blocks).filter((c) => c.style === 'primary').map((c) => c.action_id)).toEqual(['retry_job:job-1']);
    const gates = buildCard({ build: build([job(1, 'blocked', { type: 'manual', name: 'Deploy' }), job(2, 'blocked', { type: 'manual', name: 'Prod' })], { state: 'blocked' }), pipeline: 'web', now });
    expect(controls(gates.blocks).filter((c) => c.style === 'primary').map((c) => c.action_id)).toEqual(['unblock_job:job-1']);
    // Failed tests only when Test Engine has runs of the build; Open in Buildkite fills the free place.
    const options = (controls(single.blocks).find((c) => c.type === 'overflow') as unknown as { options: { text: { text: string }; url?: string }[] }).options;
    expect(options.map((o) => o.text.text)).toEqual(['Artifacts', 'Annotations', 'New build', 'Refresh', 'Open in Buildkite']);
    expect(options[4]!.url).toBe('https://buildkite.com/acme/web/builds/7');
  });

  it('keeps every menu option value within 75 characters: a long branch is left for the form, a very long slug turns the menu into buttons', () => {
    const slug = 'p'.repeat(30);
    const card = buildCard({ build: build([job(1, 'failed')], { branch: 'feature/'.padEnd(200, 'x') }), pipeline: slug, now });
    expect(validateBlocks(card.blocks, 'message')).toEqual([]);
    const menu = controls(card.blocks).find((c) => c.type === 'overflow') as unknown as { options: { value: string }[] };
    expect(menu.options.every((o) => o.value.length <= 75)).toBe(true);
    // New build then asks for the branch in its form.
    expect(menu.options.find((o) => o.value.startsWith('new_build '))!.value).toBe(`new_build {"p":"${slug}"}`);

    const longest = buildCard({ build: build([job(1, 'failed')], { branch: 'feature/'.padEnd(200, 'x') }), pipeline: 'p'.repeat(100), now });
    expect(validateBlocks(longest.blocks, 'message')).toEqual([]);
    expect(controls(longest.blocks).some((c) => c.type === 'overflow')).toBe(false);
    expect(controls(longest.blocks).map((c) => c.action_id)).toEqual(expect.arrayContaining(['list_artifacts', 'list_annotations', 'new_build', 'refresh_build']));
  });

  it('offers Retry only on retryable jobs that were not retried yet, and Unblock on blocked steps', () => {
    const card = buildCard({
      build: build([job(1, 'failed'), job(2, 'failed', { retried: true }), job(3, 'broken'), job(4, 'blocked', { type: 'manual', name: '', label: 'Deploy' })], { state: 'failed', blocked: true }),
      pipeline: 'web',
      now,
    });
    const ids = JSON.stringify(card.blocks).match(/"action_id":"[^"]+"/g) ?? [];
    expect(ids).toContain('"action_id":"retry_job:job-1"');
    expect(ids).not.toContain('"action_id":"retry_job:job-2"');
    expect(ids).not.toContain('"action_id":"retry_job:job-3"'); // broken jobs never ran: nothing to retry
    expect(ids).toContain('"action_id":"unblock_job:job-4"');
    // Buildkite cancels only scheduled, running and failing builds; a blocked one keeps its last state.
    expect(ids).not.toContain('"action_id":"cancel_build"');
    expect(JSON.stringify(card.blocks)).toContain('waiting for approval');
  });

  it('offers no Retry on an expired job: Buildkite\'s API retries only failed, timed out and canceled jobs', () => {
    const card = buildCard({ build: build([job(1, 'expired'), job(2, 'timed_out')], { state: 'failed' }), pipeline: 'web', now });
    const ids = JSON.stringify(card.blocks).match(/"action_id":"[^"]+"/g) ?? [];
    expect(ids).not.toContain('"action_id":"retry_job:job-1"');
    expect(ids).toContain('"action_id":"retry_job:job-2"');
  });

  it('escapes job names, commit messages and log lines', () => {
    const card = buildCard({
      build: build([job(1, 'failed', { name: '<!channel> *pwn*' })], { message: '<@U123> & <http://evil|click>' }),
      pipeline: 'web',
      now,
      logs: new Map([['job-1', ['token <!here>', 'PASSWORD=hunter2']]]),
    });
    // Button values are data the bot reads back, never shown; everything else must be escaped.
    const text = JSON.stringify(card.blocks, (key, value) => (key === 'value' ? undefined : value));
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U123>');
    expect(text).not.toContain('<!here>');
    expect(text).not.toContain('hunter2');
    expect(text).toContain('&lt;http://evil|click&gt;');
  });
});

describe('build card: Unblock, and whole-message limits', () => {
  it('Unblock confirms in its form, with or without fields (the button itself opens the form, no dialog)', async () => {
    const { Build } = await import('../../../src/buildkite/builds.js');
    const { buildCard } = await import('../../../src/features/builds/build-card.js');
    const build = Build.parse({ id: 'b', number: 3, state: 'blocked', branch: 'main', commit: 'abc', message: 'm', web_url: 'https://buildkite.com/acme/deploy/builds/3', jobs: [{ id: 'j1', type: 'manual', label: 'Release', state: 'blocked' }] });
    const unblock = (card: { blocks: unknown[] }) => (card.blocks as { accessory?: { action_id: string; confirm?: unknown } }[]).find((b) => b.accessory?.action_id.startsWith('unblock_job:'))!.accessory!;
    expect(unblock(buildCard({ build, pipeline: 'deploy', now: new Date() })).confirm).toBeUndefined();
    const { unblockModal } = await import('../../../src/features/builds/unblock-form.js');
    const form = JSON.stringify(unblockModal({ pipeline: 'deploy', build: 3, job: 'j1', title: 'Release', channel: 'C1' }, { branch: 'main', message: 'Ship <!channel>\nmore', by: 'U0JANE' }));
    expect(form).toContain('Release *Release* of *deploy #3* on `main`');
    expect(form).toContain('<@U0JANE>');
    expect(form).not.toContain('<!channel>');
    const withFields = buildCard({ build, pipeline: 'deploy', now: new Date(), blockFields: new Map([['j1', [{ k: 'release-name', l: 'Release name', r: true }]]]) as never });
    expect(unblock(withFields).confirm).toBeUndefined();
  });

  it('a card with many failed jobs and long log lines stays under Slack’s total text limit', async () => {
    const { Build } = await import('../../../src/buildkite/builds.js');
    const { buildCard } = await import('../../../src/features/builds/build-card.js');
    const { blocksTextLength, MAX_MESSAGE_BLOCKS_TEXT, validateBlocks } = await import('../../../src/sandbox/slack-api/block-kit.js');
    const jobs = Array.from({ length: 12 }, (_, i) => ({ id: `j${i}`, type: 'script', name: `shard ${i} ${'x'.repeat(200)}`, state: 'failed', exit_status: 1 }));
    const build = Build.parse({ id: 'b', number: 9, state: 'failed', branch: 'b'.repeat(5_000), commit: 'abc', message: 'm', web_url: 'https://buildkite.com/acme/web/builds/9', jobs });
    const logs = new Map(jobs.map((j) => [j.id, Array.from({ length: 15 }, (_, n) => `${n} ${'<&>'.repeat(120)}`)]));
    const card = buildCard({ build, pipeline: 'web', now: new Date(), logs });
    expect(blocksTextLength(card.blocks)).toBeLessThanOrEqual(MAX_MESSAGE_BLOCKS_TEXT);
    expect(validateBlocks(card.blocks, 'message')).toEqual([]);
    expect(JSON.stringify(card.blocks)).toContain('9 more failed: shard 3');
  });

  it('an Unblock button carries ids only, however many fields and options the step has', async () => {
    const { Build } = await import('../../../src/buildkite/builds.js');
    const { buildCard } = await import('../../../src/features/builds/build-card.js');
    const build = Build.parse({ id: 'b', number: 3, state: 'blocked', branch: 'main', commit: 'abc', message: 'm', web_url: 'https://buildkite.com/acme/deploy/builds/3', jobs: [{ id: 'j1', type: 'manual', label: 'Release', state: 'blocked' }] });
    const fields = Array.from({ length: 10 }, (_, i) => ({ key: `field-${i}`, label: 'L'.repeat(150), options: Array.from({ length: 100 }, (_, n) => ({ label: 'o'.repeat(75), value: `${n}`.repeat(20) })) }));
    const card = buildCard({ build, pipeline: 'deploy', now: new Date(), blockFields: new Map([['j1', fields]]) });
    const button = (card.blocks as { accessory?: { action_id: string; value: string } }[]).find((b) => b.accessory?.action_id.startsWith('unblock_job:'))!.accessory!;
    expect(button.value.length).toBeLessThan(2_000);
    const { UnblockButton } = await import('../../../src/features/builds/buttons.js');
    expect(UnblockButton.decode(button.value)).toEqual({ pipeline: 'deploy', build: 3, job: 'j1', title: 'Release', hasFields: true });
  });
});
