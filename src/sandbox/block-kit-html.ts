/**
 * An HTML approximation of how Slack's desktop client lays out Block Kit, for the README's pictures
 * (`npm run screenshots`). Pure: blocks in, one HTML page out. It draws what the renderers produced:
 * mrkdwn (bold, italic, strike, code, links, mentions), headers, sections with fields and accessories,
 * context lines, action rows (buttons with their styles, overflow menus as "⋯") and dividers.
 */

interface Text {
  type?: string;
  text?: string;
}
interface Element {
  type?: string;
  text?: Text | string;
  style?: string;
  url?: string;
  options?: { text?: Text }[];
  elements?: Element[];
  image_url?: string;
  alt_text?: string;
}
interface AnyBlock extends Element {
  fields?: Text[];
  accessory?: Element;
}

/** What a picture shows: a message from the bot (in a channel or a DM), or the app's Home tab. */
export interface Picture {
  title: string;
  /** Where it appears: "#deploys", "Direct message", "Home". */
  place: string;
  blocks: unknown[];
  /** "Only visible to you", as Slack marks ephemeral messages. */
  ephemeral?: boolean;
  /** The bot's message time, as Slack shows it next to the name. */
  time?: string;
  /** Slack user ids → display names, for mentions. */
  people?: Record<string, string>;
  /** Slack channel ids → names, for `<#C…>` mentions (Slack draws the name, never the id). */
  channels?: Record<string, string>;
}

/** Emoji the bot's messages and the demo data use, as characters; any other shortcode stays as text. */
const EMOJI: Record<string, string> = {
  red_circle: '🔴', large_green_circle: '🟢', large_blue_circle: '🔵', large_yellow_circle: '🟡', white_circle: '⚪', black_circle: '⚫',
  double_vertical_bar: '⏸️', arrow_forward: '▶️', hourglass_flowing_sand: '⏳', warning: '⚠️', x: '❌', white_check_mark: '✅',
  information_source: 'ℹ️', memo: '📝', mag: '🔍', link: '🔗', lock: '🔒', key: '🔑', rocket: '🚀', shipit: '🐿️', repeat: '🔁',
  card_index_dividers: '🗂️', building_construction: '🏗️', bell: '🔔', no_bell: '🔕', wave: '👋', house: '🏠', gear: '⚙️',
  radio_button: '🔘', heavy_minus_sign: '➖', no_entry_sign: '🚫', fast_forward: '⏩', octagonal_sign: '🛑', bug: '🐛',
  package: '📦', test_tube: '🧪', clipboard: '📋', calendar: '📆', stopwatch: '⏱️', eyes: '👀', tada: '🎉', zap: '⚡',
  alarm_clock: '⏰', robot_face: '🤖', computer: '💻', iphone: '📱', whale: '🐳', sparkles: '✨', arrows_counterclockwise: '🔄',
  rotating_light: '🚨', arrow_right: '➡️', broken_heart: '💔', skull: '💀', thumbsup: '👍', heavy_check_mark: '✔️', grey_question: '❔', twisted_rightwards_arrows: '🔀', new: '🆕', electric_plug: '🔌',
  busts_in_silhouette: '👥', raised_hand: '✋', sunrise: '🌅', hourglass: '⌛', incoming_envelope: '📨', no_entry: '⛔',
  wrench: '🔧', game_die: '🎲', turtle: '🐢', arrow_up_small: '🔼', arrow_down_small: '🔽',
};

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Slack's entity escapes back to characters (mrkdwn arrives with &lt; &gt; &amp;). */
const unescapeSlack = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const emojiOf = (s: string): string => s.replace(/:([a-z0-9_+-]+):/g, (code: string, name: string) => EMOJI[name] ?? code);

/** One run of mrkdwn without code: links, mentions, dates, then bold/italic/strike, then emoji. */
function inline(text: string, people: Record<string, string>): string {
  const tokens: string[] = [];
  // Placeholders in a private-use character, so the mrkdwn passes below never see the HTML kept aside.
  const keep = (html: string) => `\uE000${tokens.push(html) - 1}\uE000`;
  let s = text.replace(/<([^<>]+)>/g, (_m, inner: string) => {
    const [target = '', label] = inner.split('|');
    if (target.startsWith('@')) return keep(`<span class="mention">@${escapeHtml(people[target.slice(1)] ?? target.slice(1))}</span>`);
    // A channel is drawn by its name, as Slack does: the label, the picture's name for it, else as Slack shows one it cannot see.
    if (target.startsWith('#')) return keep(`<span class="mention">#${escapeHtml(unescapeSlack(label ?? people[target] ?? 'private-channel'))}</span>`);
    if (target.startsWith('!date')) return keep(escapeHtml(unescapeSlack(label ?? '')));
    if (target.startsWith('!')) return keep(`<span class="mention">@${escapeHtml(target.slice(1))}</span>`);
    return keep(`<a>${escapeHtml(unescapeSlack(label ?? target))}</a>`);
  });
  s = escapeHtml(unescapeSlack(s));
  s = s.replace(/(^|[\s(“])\*([^*\n]+)\*/g, '$1<b>$2</b>').replace(/(^|[\s(“])_([^_\n]+)_/g, '$1<i>$2</i>').replace(/(^|\s)~([^~\n]+)~/g, '$1<s>$2</s>');
  s = emojiOf(s);
  return s.replace(/\uE000(\d+)\uE000/g, (_m, i: string) => tokens[Number(i)] ?? '');
}

/** mrkdwn to HTML: code blocks and inline code first (their content is literal), then the rest. `people`: names by user id, and channel names by `#` and channel id. */
export function mrkdwnToHtml(text: string, people: Record<string, string> = {}): string {
  return text
    .split(/(```[\s\S]*?```)/)
    .map((part) => {
      if (part.startsWith('```') && part.endsWith('```') && part.length >= 6) return `<pre>${escapeHtml(unescapeSlack(part.slice(3, -3)))}</pre>`;
      return part
        .split(/(`[^`\n]+`)/)
        .map((piece) => (piece.length > 2 && piece.startsWith('`') && piece.endsWith('`') ? `<code>${escapeHtml(unescapeSlack(piece.slice(1, -1)))}</code>` : inline(piece, people)))
        .join('')
        .replace(/\n/g, '<br>');
    })
    .join('');
}

const textOf = (t: Text | string | undefined): Text => (typeof t === 'string' ? { type: 'plain_text', text: t } : (t ?? {}));
const render = (t: Text | string | undefined, people: Record<string, string>): string => {
  const text = textOf(t);
  return text.type === 'mrkdwn' ? mrkdwnToHtml(text.text ?? '', people) : emojiOf(escapeHtml(text.text ?? ''));
};

function element(el: Element, people: Record<string, string>): string {
  if (el.type === 'button') return `<span class="button ${el.style ?? ''}">${render(el.text, people)}${el.url ? ' ↗' : ''}</span>`;
  if (el.type === 'overflow') return `<span class="button overflow" title="${escapeHtml((el.options ?? []).map((o) => o.text?.text ?? '').join(', '))}">⋯</span>`;
  if (el.type === 'image') return `<img class="thumb" alt="${escapeHtml(el.alt_text ?? '')}">`;
  if (el.type === 'static_select' || el.type?.endsWith('_select')) return `<span class="button select">${render((el as { placeholder?: Text }).placeholder, people) || 'Choose…'} ▾</span>`;
  return '';
}

function block(b: AnyBlock, people: Record<string, string>): string {
  switch (b.type) {
    case 'header':
      return `<div class="header">${render(b.text, people)}</div>`;
    case 'section': {
      const fields = b.fields?.length ? `<div class="fields">${b.fields.map((f) => `<div>${render(f, people)}</div>`).join('')}</div>` : '';
      const accessory = b.accessory ? `<div class="accessory">${element(b.accessory, people)}</div>` : '';
      return `<div class="section"><div class="body">${b.text ? render(b.text, people) : ''}${fields}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="context">${(b.elements ?? []).map((e) => (e.type === 'image' ? element(e, people) : `<span>${render(e as Text, people)}</span>`)).join(' ')}</div>`;
    case 'actions':
      return `<div class="actions">${(b.elements ?? []).map((e) => element(e, people)).join('')}</div>`;
    case 'divider':
      return '<hr>';
    default:
      return '';
  }
}

const STYLE = `
body { margin: 0; background: #fff; font: 15px/1.46668 -apple-system, "Segoe UI", "Noto Sans", "Helvetica Neue", Arial, sans-serif; color: #1d1c1d; width: 760px; }
.place { font-weight: 700; padding: 12px 20px; border-bottom: 1px solid #e8e8e8; }
.message { display: flex; padding: 12px 20px 16px; }
.avatar { width: 36px; height: 36px; border-radius: 6px; background: #14cc80; color: #fff; font-weight: 800; display: flex; align-items: center; justify-content: center; margin-right: 8px; flex: none; }
.content { flex: 1; min-width: 0; }
.name { font-weight: 900; } .app { background: #e8e8e8; color: #616061; font-size: 10px; font-weight: 700; padding: 1px 3px; border-radius: 2px; margin: 0 4px; }
.time { color: #616061; font-size: 12px; }
.ephemeral { color: #616061; font-size: 13px; margin-bottom: 4px; }
.header { font-size: 18px; font-weight: 900; margin: 6px 0 4px; }
.section { display: flex; gap: 12px; margin: 4px 0; } .section .body { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; margin-top: 4px; }
.context { color: #616061; font-size: 13px; margin: 4px 0; overflow-wrap: anywhere; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 4px; }
.button { display: inline-block; border: 1px solid #c8c8c8; border-radius: 4px; padding: 3px 12px; font-size: 14px; font-weight: 700; background: #fff; white-space: nowrap; }
.button.primary { background: #007a5a; border-color: #007a5a; color: #fff; } .button.danger { color: #e01e5a; border-color: #c8c8c8; }
.button.overflow { padding: 3px 10px; }
a { color: #1264a3; text-decoration: none; } .mention { color: #1264a3; background: #e8f5fa; border-radius: 3px; padding: 0 2px; }
code { font: 12px Menlo, Monaco, Consolas, monospace; color: #e01e5a; background: #f8f8f8; border: 1px solid #e8e8e8; border-radius: 3px; padding: 1px 3px; }
pre { font: 12px/1.5 Menlo, Monaco, Consolas, monospace; background: #f8f8f8; border: 1px solid #e8e8e8; border-radius: 4px; padding: 8px; margin: 4px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
hr { border: none; border-top: 1px solid #e8e8e8; margin: 8px 0; }
.home .content { padding: 0 8px; }
`;

/** One picture as a whole HTML page. */
export function pictureHtml(picture: Picture): string {
  const people = { ...picture.people, ...Object.fromEntries(Object.entries(picture.channels ?? {}).map(([id, name]) => [`#${id}`, name])) };
  const blocks = (picture.blocks as AnyBlock[]).map((b) => block(b, people)).join('\n');
  const home = picture.place === 'Home';
  const body = home
    ? `<div class="home"><div class="content">${blocks}</div></div>`
    : `<div class="message"><div class="avatar">BK</div><div class="content">${picture.ephemeral ? '<div class="ephemeral">👁 Only visible to you</div>' : ''}<div><span class="name">Buildkite</span><span class="app">APP</span><span class="time">${escapeHtml(picture.time ?? '10:42 AM')}</span></div>${blocks}</div></div>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(picture.title)}</title><style>${STYLE}</style></head><body><div class="place">${escapeHtml(picture.place)}</div>${body}</body></html>`;
}
