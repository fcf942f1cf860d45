/**
 * Shows Slack messages as plain text in a terminal, numbering their buttons so a person can click
 * them by number. Pure: blocks in, lines out.
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

export function renderForConsole(message: { text?: string; blocks?: unknown[] }, buttons: ConsoleButton[]): string[] {
  const lines: string[] = [];
  const addButton = (el: AnyElement, blockId?: string) => {
    if (el.type === 'overflow' && el.action_id) {
      // Slack shows "⋯"; the console lists its options, each chosen by number like a button.
      for (const option of el.options ?? []) {
        const text = plainOf(option.text);
        buttons.push({ label: text, actionId: el.action_id, blockId, url: option.url, option: { text, value: option.value ?? '' } });
        lines.push(`    [${buttons.length}] ⋯ ${text}${option.url ? ` → ${option.url}` : ''}`);
      }
      return;
    }
    if (el.type !== 'button' || !el.action_id) return;
    const confirm = el.confirm ? mrkdwnToText([el.confirm.title?.text, el.confirm.text?.text].filter(Boolean).join(': ')) : undefined;
    buttons.push({ label: plainOf(el.text), actionId: el.action_id, blockId, value: el.value, url: el.url, ...(confirm ? { confirm } : {}) });
    lines.push(`    [${buttons.length}] ${plainOf(el.text)}${el.url ? ` → ${el.url}` : ''}`);
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
