import { describe, expect, it } from 'vitest';
import { validateBlocks, validateMessageText, validateView } from '../../../src/sandbox/slack-api/block-kit.js';

const s = (n: number): string => 'x'.repeat(n);
const section = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
  ...extra,
});
const button = (action_id: string, extra: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id,
  text: { type: 'plain_text', text: 'Retry' },
  ...extra,
});
const actions = (elements: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'actions', elements, ...extra });

function expectError(errors: string[], pointer: string, reason?: RegExp): void {
  const hit = errors.find((e) => e.endsWith(`[json-pointer:${pointer}]`));
  expect(hit, `expected an error at ${pointer}, got ${JSON.stringify(errors)}`).toBeDefined();
  expect(hit).toMatch(/^\[ERROR\] /);
  if (reason) expect(hit).toMatch(reason);
}

describe('validateBlocks: block counts per surface', () => {
  it('accepts 50 blocks in a message and rejects 51 with Slack wording', () => {
    const blocks = Array.from({ length: 51 }, (_, i) => section(`row ${i}`));
    expect(validateBlocks(blocks.slice(0, 50), 'message')).toEqual([]);
    expect(validateBlocks(blocks, 'message')).toEqual(['[ERROR] must be less than 51 items [json-pointer:/blocks]']);
  });

  it('allows 100 blocks in modals and App Home but not 101', () => {
    const blocks = Array.from({ length: 101 }, () => ({ type: 'divider' }));
    expect(validateBlocks(blocks.slice(0, 100), 'modal')).toEqual([]);
    expect(validateBlocks(blocks.slice(0, 100), 'home')).toEqual([]);
    expectError(validateBlocks(blocks, 'modal'), '/blocks', /less than 101 items/);
    expectError(validateBlocks(blocks, 'home'), '/blocks', /less than 101 items/);
  });

  it('requires an array', () => {
    expectError(validateBlocks({ type: 'divider' }, 'message'), '/blocks', /array/);
  });
});

describe('validateBlocks: sections, headers, context', () => {
  it('limits section text to 3000 characters', () => {
    expect(validateBlocks([section(s(3000))], 'message')).toEqual([]);
    expectError(validateBlocks([section(s(3001))], 'message'), '/blocks/0/text/text', /less than 3001 characters/);
  });

  it('limits section fields to 10 items of 2000 characters', () => {
    const field = (t: string) => ({ type: 'mrkdwn', text: t });
    const ok = { type: 'section', fields: Array.from({ length: 10 }, () => field(s(2000))) };
    expect(validateBlocks([ok], 'message')).toEqual([]);
    const tooMany = { type: 'section', fields: Array.from({ length: 11 }, () => field('a')) };
    expectError(validateBlocks([tooMany], 'message'), '/blocks/0/fields', /less than 11 items/);
    const tooLong = { type: 'section', fields: [field('a'), field(s(2001))] };
    expectError(validateBlocks([tooLong], 'message'), '/blocks/0/fields/1/text', /less than 2001/);
  });

  it('requires section text or fields', () => {
    expectError(validateBlocks([{ type: 'section' }], 'message'), '/blocks/0', /text or fields/);
  });

  it('limits header text to 150 plain_text characters', () => {
    const header = (text: unknown) => ({ type: 'header', text });
    expect(validateBlocks([header({ type: 'plain_text', text: s(150) })], 'message')).toEqual([]);
    expectError(validateBlocks([header({ type: 'plain_text', text: s(151) })], 'message'), '/blocks/0/text/text');
    expectError(validateBlocks([header({ type: 'mrkdwn', text: 'hi' })], 'message'), '/blocks/0/text/type', /plain_text/);
  });

  it('allows at most 10 context elements', () => {
    const el = { type: 'mrkdwn', text: 'x' };
    expect(validateBlocks([{ type: 'context', elements: Array(10).fill(el) }], 'message')).toEqual([]);
    expectError(validateBlocks([{ type: 'context', elements: Array(11).fill(el) }], 'message'), '/blocks/0/elements', /less than 11/);
  });

  it('rejects bad text objects: unknown type or empty text', () => {
    expectError(validateBlocks([{ type: 'section', text: { type: 'html', text: 'x' } }], 'message'), '/blocks/0/text/type');
    expectError(validateBlocks([section('')], 'message'), '/blocks/0/text/text', /more than 0 characters/);
    expectError(validateBlocks([{ type: 'section', text: 'plain string' }], 'message'), '/blocks/0/text', /object/);
  });

  it('rejects unknown block types and message-only blocks elsewhere', () => {
    expectError(validateBlocks([{ type: 'carousel' }], 'message'), '/blocks/0/type', /unsupported block type/);
    expect(validateBlocks([{ type: 'markdown', text: '**hi**' }], 'message')).toEqual([]);
    expectError(validateBlocks([{ type: 'markdown', text: '**hi**' }], 'modal'), '/blocks/0/type');
  });

  it('requires unique block_ids', () => {
    const errors = validateBlocks([section('a', { block_id: 'b1' }), section('b', { block_id: 'b1' })], 'message');
    expectError(errors, '/blocks/1/block_id', /already exists/);
  });
});

describe('validateBlocks: buttons and actions', () => {
  it('limits button text to 75, value to 2000 and action_id to 255', () => {
    const good = button(s(255), { text: { type: 'plain_text', text: s(75) }, value: s(2000) });
    expect(validateBlocks([actions([good])], 'message')).toEqual([]);
    expectError(validateBlocks([actions([button('a', { text: { type: 'plain_text', text: s(76) } })])], 'message'), '/blocks/0/elements/0/text/text');
    expectError(validateBlocks([actions([button('a', { value: s(2001) })])], 'message'), '/blocks/0/elements/0/value', /less than 2001/);
    expectError(validateBlocks([actions([button(s(256))])], 'message'), '/blocks/0/elements/0/action_id', /less than 256/);
  });

  it('requires plain_text button labels', () => {
    expectError(validateBlocks([actions([button('a', { text: { type: 'mrkdwn', text: '*x*' } })])], 'message'), '/blocks/0/elements/0/text/type');
  });

  it('allows at most 25 elements in an actions block', () => {
    const make = (n: number) => Array.from({ length: n }, (_, i) => button(`b${i}`));
    expect(validateBlocks([actions(make(25))], 'message')).toEqual([]);
    expectError(validateBlocks([actions(make(26))], 'message'), '/blocks/0/elements', /less than 26 items/);
  });

  it('rejects a duplicate action_id across the message', () => {
    const errors = validateBlocks([actions([button('retry')]), section('x', { accessory: button('retry') })], 'message');
    expectError(errors, '/blocks/1/accessory/action_id', /already exists/);
  });

  it('limits confirm dialogs: title 100, text 300, confirm/deny 30', () => {
    const confirm = (over: Record<string, unknown> = {}) => ({
      title: { type: 'plain_text', text: s(100) },
      text: { type: 'mrkdwn', text: s(300) },
      confirm: { type: 'plain_text', text: s(30) },
      deny: { type: 'plain_text', text: s(30) },
      ...over,
    });
    const block = (c: unknown) => [actions([button('cancel', { confirm: c })])];
    expect(validateBlocks(block(confirm()), 'message')).toEqual([]);
    const p = '/blocks/0/elements/0/confirm';
    expectError(validateBlocks(block(confirm({ title: { type: 'plain_text', text: s(101) } })), 'message'), `${p}/title/text`);
    expectError(validateBlocks(block(confirm({ text: { type: 'mrkdwn', text: s(301) } })), 'message'), `${p}/text/text`);
    expectError(validateBlocks(block(confirm({ confirm: { type: 'plain_text', text: s(31) } })), 'message'), `${p}/confirm/text`);
    expectError(validateBlocks(block(confirm({ deny: { type: 'plain_text', text: s(31) } })), 'message'), `${p}/deny/text`);
  });

  it('rejects elements that do not belong in an actions block', () => {
    expectError(validateBlocks([actions([{ type: 'plain_text_input', action_id: 'x' }])], 'message'), '/blocks/0/elements/0/type');
  });
});

describe('validateBlocks: inputs', () => {
  const input = (over: Record<string, unknown> = {}) => ({
    type: 'input',
    label: { type: 'plain_text', text: 'Branch' },
    element: { type: 'plain_text_input', action_id: 'branch' },
    ...over,
  });

  it('accepts a well-formed input block', () => {
    expect(validateBlocks([input()], 'modal')).toEqual([]);
  });

  it('limits the label to 2000 characters and requires an element', () => {
    expectError(validateBlocks([input({ label: { type: 'plain_text', text: s(2001) } })], 'modal'), '/blocks/0/label/text');
    expectError(validateBlocks([input({ element: undefined })], 'modal'), '/blocks/0/element');
    expectError(validateBlocks([input({ label: undefined })], 'modal'), '/blocks/0/label');
  });
});

describe('validateView and validateMessageText', () => {
  const modal = (over: Record<string, unknown> = {}) => ({
    type: 'modal',
    title: { type: 'plain_text', text: 'Unblock step' },
    submit: { type: 'plain_text', text: 'Unblock' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [section('Release?')],
    ...over,
  });

  it('accepts a valid modal', () => {
    expect(validateView(modal(), 'modal')).toEqual([]);
  });

  it('limits modal title, submit and close to 24 characters', () => {
    expectError(validateView(modal({ title: { type: 'plain_text', text: s(25) } })), '/view/title/text', /less than 25/);
    expectError(validateView(modal({ submit: { type: 'plain_text', text: s(25) } })), '/view/submit/text');
    expectError(validateView(modal({ close: { type: 'plain_text', text: s(25) } })), '/view/close/text');
  });

  it('requires submit when the modal has inputs', () => {
    const blocks = [{ type: 'input', label: { type: 'plain_text', text: 'x' }, element: { type: 'plain_text_input' } }];
    expectError(validateView(modal({ submit: undefined, blocks })), '/view/submit');
  });

  it('reports block errors under /view/blocks', () => {
    expectError(validateView(modal({ blocks: [section(s(3001))] })), '/view/blocks/0/text/text');
  });

  it('limits top-level message text to 40000 characters', () => {
    expect(validateMessageText(s(40000))).toEqual([]);
    expectError(validateMessageText(s(40001)), '/text', /less than 40001/);
  });
});
