import { escapeMrkdwn, link } from './escape.js';

/**
 * Annotation bodies arrive as (sanitised) HTML rendered from Markdown. This turns them into safe Slack
 * mrkdwn: tags are dropped and their text kept, links become Slack links with escaped labels (http(s)
 * only), list items become bullets, and every piece of text is escaped so nothing can ping or forge.
 */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z0-9]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const text = (raw: string) => escapeMrkdwn(decodeEntities(raw));

export function htmlToMrkdwn(html: string): string {
  let out = html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  // Links first, while their tags are whole: the label is plain text, the URL must be http(s).
  out = out.replace(/<a\b[^>]*?\bhref\s*=\s*("([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a\s*>/gi, (_m, _q, dq?: string, sq?: string, label?: string) => {
    const url = decodeEntities(dq ?? sq ?? '');
    const plainLabel = decodeEntities((label ?? '').replace(/<[^>]*>/g, '')).trim() || url;
    return /^https?:\/\//i.test(url) ? `\u0000L${Buffer.from(link(url, plainLabel)).toString('base64')}\u0000` : `\u0000T${Buffer.from(escapeMrkdwn(plainLabel)).toString('base64')}\u0000`;
  });
  out = out
    .replace(/<li\b[^>]*>/gi, '\n• ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|ul|ol|pre|tr|table|blockquote)\s*>/gi, '\n')
    .replace(/<(strong|b)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi, '\u0001$2\u0001')
    .replace(/<[^>]*>/g, '')
    .replace(/<|>/g, '');
  // Text outside tags is escaped; finished links and labels are spliced back in.
  const parts = out.split(/(\u0000[LT][A-Za-z0-9+/=]*\u0000)/);
  const rendered = parts
    .map((part) => {
      const m = /^\u0000([LT])([A-Za-z0-9+/=]*)\u0000$/.exec(part);
      if (m) return Buffer.from(m[2] ?? '', 'base64').toString();
      return text(part).replace(/\u0001([^\u0001]*)\u0001/g, (_w, inner: string) => (inner.trim() ? `*${inner.trim()}*` : '')).replace(/\u0001/g, '');
    })
    .join('');
  return rendered.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}
