import { describe, expect, it } from 'vitest';
import { ButtonNumbers, mrkdwnToText, renderForConsole } from '../../src/sandbox/console-view.js';
import { fieldPrompt, fieldValue, formFields, formState } from '../../src/sandbox/console-form.js';
import { pauseModal } from '../../src/features/queues/pause-form.js';
import { annotateModal } from '../../src/features/annotations/annotate-form.js';
import { askApprovalModal } from '../../src/features/approvals/ask-form.js';

const card = (extra: unknown[] = []) => ({
  blocks: [
    { type: 'section', block_id: 'job:1', text: { type: 'mrkdwn', text: 'failed' }, accessory: { type: 'button', action_id: 'retry_job:1', text: { type: 'plain_text', text: 'Retry' }, value: 'v' } },
    { type: 'actions', block_id: 'a', elements: [{ type: 'button', action_id: 'refresh_build', text: { type: 'plain_text', text: 'Refresh' } }, ...extra] },
  ],
});

describe('sandbox console view', () => {
  it('turns mrkdwn into terminal text', () => {
    expect(mrkdwnToText('<https://b.k/1|web #1> by <@U0JANE> &lt;!here&gt; &amp;')).toBe('web #1 (https://b.k/1) by @U0JANE <!here> &');
  });

  it('numbers buttons so they can be clicked, and a redrawn message keeps its numbers', () => {
    const numbers = new ButtonNumbers();
    expect(renderForConsole(card(), numbers, 'message|C|1')).toEqual(['failed', '    [1] Retry', '    [2] Refresh']);
    expect(renderForConsole(card(), numbers, 'message|C|2')).toEqual(['failed', '    [3] Retry', '    [4] Refresh']);
    // The first card updated with a new menu: its buttons keep 1 and 2, the menu's options come next.
    const menu = { type: 'overflow', action_id: 'more_actions', options: [{ text: { type: 'plain_text', text: 'Artifacts' }, value: 'list_artifacts {}' }, { text: { type: 'plain_text', text: 'Open in Buildkite' }, value: 'open_build', url: 'https://b.k/1' }] };
    expect(renderForConsole(card([menu]), numbers, 'message|C|1')).toEqual(['failed', '    [1] Retry', '    [2] Refresh', '    [5] ⋯ Artifacts', '    [6] ⋯ Open in Buildkite → https://b.k/1']);
    expect(numbers.get(1)).toMatchObject({ actionId: 'retry_job:1', where: 'message|C|1' });
    expect(numbers.get(5)).toMatchObject({ actionId: 'more_actions', option: { value: 'list_artifacts {}' } });
  });

  it('keeps a button’s confirmation, so the console asks it before the click is sent', () => {
    const numbers = new ButtonNumbers();
    const confirm = { title: { type: 'plain_text', text: 'Cancel this build?' }, text: { type: 'mrkdwn', text: 'Cancel *web #1*?' } };
    renderForConsole({ blocks: [{ type: 'actions', block_id: 'a', elements: [{ type: 'button', action_id: 'cancel_build', text: { type: 'plain_text', text: 'Cancel build' }, confirm }] }] }, numbers);
    expect(numbers.get(1)?.confirm).toBe('Cancel this build?: Cancel *web #1*?');
  });
});

describe('sandbox console forms', () => {
  it('asks each field of a real form and submits what Slack would', () => {
    const fields = formFields(annotateModal({ pipeline: 'web', build: 1, channel: 'C1' }));
    expect(fields.map((f) => f.blockId)).toEqual(expect.arrayContaining(['body', 'style', 'context']));
    const style = fields.find((f) => f.blockId === 'style')!;
    expect(fieldPrompt(style)).toMatch(/\[1: .*\]/);
    const values = new Map<string, Record<string, unknown>>();
    for (const field of fields) {
      const answer = field.blockId === 'body' ? 'Deployed\\nto staging' : field.blockId === 'style' ? '2' : '';
      const read = fieldValue(field, answer);
      if ('value' in read) values.set(field.blockId, read.value);
    }
    const state = formState(fields, values);
    expect(state.body).toEqual({ body_value: { type: 'plain_text_input', value: 'Deployed\nto staging' } });
    expect((state.style!.style_value as { selected_option: { value: string } }).selected_option.value).toBe(style.options[1]!.value);
  });

  it('refuses a choice that is not offered, and an empty answer keeps what the field held', () => {
    const [reason] = formFields(pauseModal({ cluster: 'c1', queue: 'q1', queueKey: 'default', page: 0, channel: 'C1' }));
    expect(fieldValue(reason!, '')).toEqual({ value: { type: 'plain_text_input', value: null } });
    const select = { blockId: 's', actionId: 's_value', label: 'S', type: 'static_select', optional: false, options: [{ text: 'A', value: 'a' }], initial: 'a' };
    expect(fieldValue(select, '7')).toEqual({ problem: 'choose one of 1–1' });
    expect(fieldValue(select, '')).toMatchObject({ value: { selected_option: { value: 'a' } } });
  });

  it('asks for people by Slack user id (Ask for approval): Enter keeps those prefilled', () => {
    const people = formFields(askApprovalModal({ pipeline: 'deploy', build: 56, job: 'j1', channel: 'C1' }, ['U0PRIYA'])).find((f) => f.type === 'multi_users_select')!;
    expect(fieldPrompt(people)).toContain('Slack user ids');
    expect(fieldValue(people, '')).toEqual({ value: { type: 'multi_users_select', selected_users: ['U0PRIYA'] } });
    expect(fieldValue(people, 'U0SAM, U0ANA')).toEqual({ value: { type: 'multi_users_select', selected_users: ['U0SAM', 'U0ANA'] } });
    expect(fieldValue(people, 'sam')).toEqual({ problem: 'give Slack user ids such as U0PRIYA' });
  });
});
