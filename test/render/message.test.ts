import { describe, expect, it } from 'vitest';

describe('whole-message limits', () => {
  it('an oversize string in a confirmation shortens that text, never fails the message', async () => {
    const { button } = await import('../../src/render/message.js');
    const { validateBlocks } = await import('../../src/sandbox/slack-api/block-kit.js');
    const key = 'q'.repeat(256);
    const b = button({ actionId: 'pause_queue', text: `Pause ${key}`, value: '{}', confirm: { title: `Pause ${key}?`, text: `Pause *${key}*?`, confirm: `Pause ${key}` } });
    expect(validateBlocks([{ type: 'actions', elements: [b] }], 'message')).toEqual([]);
  });
});
