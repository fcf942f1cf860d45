import { describe, expect, it } from 'vitest';
import type { Block } from '../../../src/render/message.js';
import { CardEditor } from '../../../src/slack/cards/card-editor.js';

const line = (id: string, text: string): Block => ({ type: 'section', block_id: id, text: { type: 'mrkdwn', text } });
const set = (id: string, text: string) => (card: Block[]) => card.map((b) => ((b as { block_id?: string }).block_id === id ? line(id, text) : b));

describe('CardEditor', () => {
  it('applies concurrent edits of one card to its newest version, in order', async () => {
    const editor = new CardEditor();
    const original = [line('a', 'a: failed'), line('b', 'b: failed')];
    const sent: string[][] = [];
    const send = async (blocks: Block[]) => {
      await new Promise((r) => setTimeout(r, 5));
      sent.push(blocks.map((b) => (b as { text: { text: string } }).text.text));
    };
    // Two people act at once, each from the same snapshot.
    const first = editor.begin('C1:1.0', original);
    const second = editor.begin('C1:1.0', original);
    await Promise.all([first.edit(set('a', 'a: retried by A'), send), second.edit(set('b', 'b: retried by B'), send)]);
    expect(sent.at(-1)).toEqual(['a: retried by A', 'b: retried by B']);
    first.end();
    second.end();
    expect(editor.openCards).toBe(0);
  });

  it('a click that arrives just after the last action ended keeps that action’s outcome, and what is newer in its snapshot', async () => {
    let now = 1_000_000;
    const editor = new CardEditor(() => now, 30_000);
    const session = editor.begin('C1:1.0', [line('a', 'a: failed'), line('b', 'b: failed'), line('n', 'note')]);
    await session.edit(set('a', 'a: retried by A'), async () => {});
    session.end();
    expect(editor.openCards).toBe(0);
    // B's card was drawn before A's outcome reached Slack, and a Refresh changed the note meanwhile.
    now += 2_000;
    let seen: string[] = [];
    const next = editor.begin('C1:1.0', [line('a', 'a: failed'), line('b', 'b: failed'), line('n', 'refreshed')]);
    await next.edit(set('b', 'b: retried by B'), async (blocks) => void (seen = blocks.map((b) => (b as { text: { text: string } }).text.text)));
    next.end();
    expect(seen).toEqual(['a: retried by A', 'b: retried by B', 'refreshed']);
  });

  it('once no action has been under way for a while, the next click’s own snapshot is the truth', async () => {
    let now = 1_000_000;
    const editor = new CardEditor(() => now, 30_000);
    const session = editor.begin('C1:1.0', [line('a', 'old')]);
    await session.edit(set('a', 'edited'), async () => {});
    session.end();
    now += 31_000;
    let seen: Block[] = [];
    const next = editor.begin('C1:1.0', [line('a', 'refreshed')]);
    await next.edit((card) => card, async (blocks) => void (seen = blocks));
    next.end();
    expect((seen[0] as { text: { text: string } }).text.text).toBe('refreshed');
  });

  it('a failed send does not block later edits', async () => {
    const editor = new CardEditor();
    const session = editor.begin('C1:1.0', [line('a', 'x')]);
    await expect(session.edit((c) => c, async () => Promise.reject(new Error('slack down')))).rejects.toThrow('slack down');
    let sent = false;
    await session.edit((c) => c, async () => void (sent = true));
    expect(sent).toBe(true);
    session.end();
  });
});
