import { describe, expect, it } from 'vitest';

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
