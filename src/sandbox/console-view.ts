/**
 * Shows Slack messages as plain text in a terminal, numbering their buttons so a person can click
 * them by number. Blocks in, lines out; the numbers come from `ButtonNumbers`, which keeps a button's
 * number for as long as its message is on screen.
 */
export interface ConsoleButton {
  label: string;
  actionId: string;
  blockId?: string;
  value?: string;
  url?: string;
  /** The confirmation Slack would show before the click is sent: "title: text". */
  confirm?: string;
  /** An option of an overflow menu ("⋯"): chosen rather than clicked. */
  option?: { text: string; value: string };
  /** Which message holds it (a channel message's ts, "ephemeral", a preview's URL, "home"). */
  where?: string;
}

/**
 * Numbers for buttons that stay put: the same button of the same message (even redrawn after an
 * update) keeps its number, and a new button takes the next one.
 */
export class ButtonNumbers {
  private readonly byKey = new Map<string, number>();
  private readonly buttons = new Map<number, ConsoleButton>();

  number(button: ConsoleButton): number {
    const key = [button.where ?? '', button.actionId, button.value ?? '', button.option?.value ?? '', button.url ?? ''].join('|');
    const n = this.byKey.get(key) ?? this.byKey.size + 1;
    this.byKey.set(key, n);
    this.buttons.set(n, button);
    return n;
  }

  get(n: number): ConsoleButton | undefined {
    return this.buttons.get(n);
  }
}

interface AnyElement {
  type?: string;
  text?: { text?: string } | string;
  action_id?: string;
  value?: string;
  url?: string;
  options?: AnyElement[];
  elements?: AnyElement[];
  fields?: { text?: string }[];
  accessory?: AnyElement;
  block_id?: string;
  label?: { text?: string };
  confirm?: { title?: { text?: string }; text?: { text?: string } };
}

const plainOf = (t: AnyElement['text']): string => (typeof t === 'string' ? t : (t?.text ?? ''));

/** Slack mrkdwn → terminal text: links as "label (url)", entities decoded. */
export function mrkdwnToText(text: string): string {
  return text
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<!date\^\d+\^[^|]*\|([^>]+)>/g, '$1')
    .replace(/<@(\w+)>/g, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function renderForConsole(message: { text?: string; blocks?: unknown[] }, numbers: ButtonNumbers, where?: string): string[] {
  const lines: string[] = [];
  const addButton = (el: AnyElement, blockId?: string) => {
    if (el.type === 'overflow' && el.action_id) {
      // Slack shows "⋯"; the console lists its options, each chosen by number like a button.
      for (const option of el.options ?? []) {
        const text = plainOf(option.text);
        const n = numbers.number({ label: text, actionId: el.action_id, blockId, url: option.url, option: { text, value: option.value ?? '' }, ...(where ? { where } : {}) });
        lines.push(`    [${n}] ⋯ ${text}${option.url ? ` → ${option.url}` : ''}`);
      }
      return;
    }
    if (el.type !== 'button' || !el.action_id) return;
    const confirm = el.confirm ? mrkdwnToText([el.confirm.title?.text, el.confirm.text?.text].filter(Boolean).join(': ')) : undefined;
    const n = numbers.number({ label: plainOf(el.text), actionId: el.action_id, blockId, value: el.value, url: el.url, ...(confirm ? { confirm } : {}), ...(where ? { where } : {}) });
    lines.push(`    [${n}] ${plainOf(el.text)}${el.url ? ` → ${el.url}` : ''}`);
  };
  const blocks = (message.blocks ?? []) as AnyElement[];
  if (blocks.length === 0 && message.text) lines.push(mrkdwnToText(message.text));
  for (const block of blocks) {
    if (block.type === 'header') lines.push(`== ${plainOf(block.text)} ==`);
    if (block.type === 'section' || block.type === 'context') {
      const texts = block.type === 'context' ? (block.elements ?? []).map((e) => plainOf(e.text ?? (e as { text?: string }).text)) : [plainOf(block.text), ...(block.fields ?? []).map((f) => f.text ?? '')];
      for (const t of texts.filter(Boolean)) lines.push(...mrkdwnToText(t).split('\n').map((l) => (block.type === 'context' ? `  ${l}` : l)));
      if (block.accessory) addButton(block.accessory, block.block_id);
    }
    if (block.type === 'actions') for (const el of block.elements ?? []) addButton(el, block.block_id);
    if (block.type === 'divider') lines.push('—'.repeat(20));
  }
  return lines;
}
