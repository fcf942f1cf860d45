import { describe, expect, it } from 'vitest';
import { annotationBlock } from '../../src/features/annotations/annotations-message.js';
import { htmlToMrkdwn } from '../../src/render/html-mrkdwn.js';

/**
 * Time of the fastest of three runs. The bound is about the algorithm (a quadratic one takes minutes on a
 * megabyte), generous enough for a loaded 2-core machine; how fast it really is belongs to `npm run bench`.
 */
function fastestMs(work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    work();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('annotation HTML that once froze the bot', () => {
  const pathological = (bytes: number) => `<p><span title="${"<a href='".repeat(Math.ceil(bytes / 9))}">coverage</span></p>`;

  it.each([18_000, 27_000, 1_048_576])('renders a %i-byte pathological body in linear time', (bytes) => {
    const body = pathological(bytes);
    expect(fastestMs(() => annotationBlock({ id: 'a', context: 'coverage', style: 'info', body_html: body } as never, 400))).toBeLessThan(1_000);
  });

  it('renders a megabyte of ordinary links in linear time, cut before it is read', () => {
    const body = '<p>' + '<a href="https://x.test/a">label</a> and '.repeat(25_000) + '</p>';
    expect(fastestMs(() => htmlToMrkdwn(body))).toBeLessThan(1_000);
  });

  it('strips control characters, even spelled as entities', () => {
    expect(htmlToMrkdwn('<p>a\u0000b\u0001c&#1;d</p>')).toBe('abcd');
  });

  it('keeps the text of a title attribute out and the words in', () => {
    const out = htmlToMrkdwn(`<p><span title="<a href='https://evil.test'>x</a>">coverage</span> 91%</p>`);
    expect(out).toBe('coverage 91%');
  });
});

describe('small hardening items', () => {
  it('the incident banner escapes the reason in its notification text', async () => {
    const { incidentBanner } = await import('../../src/features/queues/incident-banner.js');
    const banner = incidentBanner({ id: 'i1', teamId: 'T', channelId: 'C', userId: 'U0JANE', userName: 'jane', reason: '<!channel> disk & <http://evil|x>', note: 'n', createdAt: new Date().toISOString(), queues: [] });
    expect(banner.text).not.toContain('<!channel>');
    expect(banner.text).toContain('&lt;!channel&gt; disk &amp; &lt;http://evil|x&gt;');
  });

  it('Unblock confirms in its form, with or without fields (the button itself opens the form, no dialog)', async () => {
    const { Build } = await import('../../src/buildkite/builds.js');
    const { buildCard } = await import('../../src/features/builds/build-card.js');
    const build = Build.parse({ id: 'b', number: 3, state: 'blocked', branch: 'main', commit: 'abc', message: 'm', web_url: 'https://buildkite.com/acme/deploy/builds/3', jobs: [{ id: 'j1', type: 'manual', label: 'Release', state: 'blocked' }] });
    const unblock = (card: { blocks: unknown[] }) => (card.blocks as { accessory?: { action_id: string; confirm?: unknown } }[]).find((b) => b.accessory?.action_id.startsWith('unblock_job:'))!.accessory!;
    expect(unblock(buildCard({ build, pipeline: 'deploy', now: new Date() })).confirm).toBeUndefined();
    const { unblockModal } = await import('../../src/features/builds/unblock-form.js');
    const form = JSON.stringify(unblockModal({ pipeline: 'deploy', build: 3, job: 'j1', title: 'Release', channel: 'C1' }, { branch: 'main', message: 'Ship <!channel>\nmore', by: 'U0JANE' }));
    expect(form).toContain('Release *Release* of *deploy #3* on `main`');
    expect(form).toContain('<@U0JANE>');
    expect(form).not.toContain('<!channel>');
    const withFields = buildCard({ build, pipeline: 'deploy', now: new Date(), blockFields: new Map([['j1', [{ k: 'release-name', l: 'Release name', r: true }]]]) as never });
    expect(unblock(withFields).confirm).toBeUndefined();
  });

  it('slash text is decoded once: R&D reaches Buildkite as R&D', async () => {
    const { parseArgs } = await import('../../src/slack/command-args.js');
    expect(parseArgs('incident pause linux reason:"R&amp;D &lt;down&gt;"').options.reason).toBe('R&D <down>');
  });
});

describe('whole-message limits', () => {
  it('a card with many failed jobs and long log lines stays under Slack’s total text limit', async () => {
    const { Build } = await import('../../src/buildkite/builds.js');
    const { buildCard } = await import('../../src/features/builds/build-card.js');
    const { blocksTextLength, MAX_MESSAGE_BLOCKS_TEXT, validateBlocks } = await import('../../src/sandbox/slack-api/block-kit.js');
    const jobs = Array.from({ length: 12 }, (_, i) => ({ id: `j${i}`, type: 'script', name: `shard ${i} ${'x'.repeat(200)}`, state: 'failed', exit_status: 1 }));
    const build = Build.parse({ id: 'b', number: 9, state: 'failed', branch: 'b'.repeat(5_000), commit: 'abc', message: 'm', web_url: 'https://buildkite.com/acme/web/builds/9', jobs });
    const logs = new Map(jobs.map((j) => [j.id, Array.from({ length: 15 }, (_, n) => `${n} ${'<&>'.repeat(120)}`)]));
    const card = buildCard({ build, pipeline: 'web', now: new Date(), logs });
    expect(blocksTextLength(card.blocks)).toBeLessThanOrEqual(MAX_MESSAGE_BLOCKS_TEXT);
    expect(validateBlocks(card.blocks, 'message')).toEqual([]);
    expect(JSON.stringify(card.blocks)).toContain('9 more failed: shard 3');
  });

  it('an Unblock button carries ids only, however many fields and options the step has', async () => {
    const { Build } = await import('../../src/buildkite/builds.js');
    const { buildCard } = await import('../../src/features/builds/build-card.js');
    const build = Build.parse({ id: 'b', number: 3, state: 'blocked', branch: 'main', commit: 'abc', message: 'm', web_url: 'https://buildkite.com/acme/deploy/builds/3', jobs: [{ id: 'j1', type: 'manual', label: 'Release', state: 'blocked' }] });
    const fields = Array.from({ length: 10 }, (_, i) => ({ key: `field-${i}`, label: 'L'.repeat(150), options: Array.from({ length: 100 }, (_, n) => ({ label: 'o'.repeat(75), value: `${n}`.repeat(20) })) }));
    const card = buildCard({ build, pipeline: 'deploy', now: new Date(), blockFields: new Map([['j1', fields]]) });
    const button = (card.blocks as { accessory?: { action_id: string; value: string } }[]).find((b) => b.accessory?.action_id.startsWith('unblock_job:'))!.accessory!;
    expect(button.value.length).toBeLessThan(2_000);
    const { UnblockButton } = await import('../../src/features/builds/buttons.js');
    expect(UnblockButton.decode(button.value)).toEqual({ pipeline: 'deploy', build: 3, job: 'j1', title: 'Release', hasFields: true });
  });

  it('an oversize string in a confirmation shortens that text, never fails the message', async () => {
    const { button } = await import('../../src/render/message.js');
    const { validateBlocks } = await import('../../src/sandbox/slack-api/block-kit.js');
    const key = 'q'.repeat(256);
    const b = button({ actionId: 'pause_queue', text: `Pause ${key}`, value: '{}', confirm: { title: `Pause ${key}?`, text: `Pause *${key}*?`, confirm: `Pause ${key}` } });
    expect(validateBlocks([{ type: 'actions', elements: [b] }], 'message')).toEqual([]);
  });
});

describe('one oversize Buildkite string shortens its item, never fails the message', () => {
  it('a 5,000-character env key, job title and header render within Slack’s limits', async () => {
    const { fitMessage } = await import('../../src/render/limits.js');
    const { validateBlocks } = await import('../../src/sandbox/slack-api/block-kit.js');
    const { jobEnvMessage } = await import('../../src/features/logs/job-env-message.js');
    const long = 'n'.repeat(5_000);
    const env = jobEnvMessage(`job ${long}`, { [long]: 'x', BUILDKITE_BRANCH: long });
    expect(validateBlocks(fitMessage(env).blocks, 'message')).toEqual([]);
    const handmade = fitMessage({ text: long, blocks: [{ type: 'header', text: { type: 'plain_text', text: long } }, { type: 'section', text: { type: 'mrkdwn', text: long }, fields: [{ type: 'mrkdwn', text: long }] }, { type: 'context', elements: [{ type: 'mrkdwn', text: long }] }] });
    expect(validateBlocks(handmade.blocks, 'message')).toEqual([]);
  });

  it('a modal or Home tab keeps up to 100 blocks and shortens an oversize title and section', async () => {
    const { fitView } = await import('../../src/render/limits.js');
    const { validateView } = await import('../../src/sandbox/slack-api/block-kit.js');
    const long = 'n'.repeat(5_000);
    const section = { type: 'section', text: { type: 'mrkdwn', text: long } };
    const home = fitView({ type: 'home' as const, blocks: Array.from({ length: 120 }, () => section) });
    expect(home.blocks).toHaveLength(100);
    expect(validateView(home, 'home')).toEqual([]);
    const modal = fitView({ type: 'modal' as const, title: { type: 'plain_text', text: `Edit ${long}` }, close: { type: 'plain_text', text: 'Close' }, blocks: [section] });
    expect(modal.close).toEqual({ type: 'plain_text', text: 'Close' });
    expect(validateView(modal, 'modal')).toEqual([]);
  });
});
