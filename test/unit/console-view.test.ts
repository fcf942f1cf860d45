import { describe, expect, it } from 'vitest';
import { type ConsoleButton, mrkdwnToText, renderForConsole } from '../../src/sandbox/console-view.js';

describe('sandbox console view', () => {
  it('turns mrkdwn into terminal text', () => {
    expect(mrkdwnToText('<https://b.k/1|web #1> by <@U0JANE> &lt;!here&gt; &amp;')).toBe('web #1 (https://b.k/1) by @U0JANE <!here> &');
  });
  it('numbers buttons in order so they can be clicked', () => {
    const buttons: ConsoleButton[] = [];
    const lines = renderForConsole(
      {
        blocks: [
          { type: 'section', block_id: 'job:1', text: { type: 'mrkdwn', text: 'failed' }, accessory: { type: 'button', action_id: 'retry_job:1', text: { type: 'plain_text', text: 'Retry' }, value: 'v' } },
          { type: 'actions', block_id: 'a', elements: [{ type: 'button', action_id: 'refresh_build', text: { type: 'plain_text', text: 'Refresh' } }] },
        ],
      },
      buttons,
    );
    expect(lines).toEqual(['failed', '    [1] Retry', '    [2] Refresh']);
    expect(buttons.map((b) => b.actionId)).toEqual(['retry_job:1', 'refresh_build']);
  });
  it('keeps a button’s confirmation, so the console asks it before the click is sent', () => {
    const buttons: ConsoleButton[] = [];
    const confirm = { title: { type: 'plain_text', text: 'Cancel this build?' }, text: { type: 'mrkdwn', text: 'Cancel *web #1*?' } };
    renderForConsole({ blocks: [{ type: 'actions', block_id: 'a', elements: [{ type: 'button', action_id: 'cancel_build', text: { type: 'plain_text', text: 'Cancel build' }, confirm }] }] }, buttons);
    expect(buttons[0]?.confirm).toBe('Cancel this build?: Cancel *web #1*?');
  });
});
