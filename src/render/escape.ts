/**
 * Slack mrkdwn treats `<…>` as mentions and links and `&` as the start of an entity. Escaping these
 * three in every user-controlled string (commit messages, branch names, job labels, log lines) keeps
 * `<!channel>` from pinging and `<http://x|y>` from forging a link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text for inline code: escaped, and with backticks swapped so they cannot close the code span. */
export function inlineCode(text: string): string {
  return '`' + escapeMrkdwn(text).replace(/`/g, 'ˋ') + '`';
}

/** A link whose label is user-controlled; `|` in the label would otherwise end the URL part early. */
export function link(url: string, label: string): string {
  return `<${url.replace(/[<>|]/g, encodeURIComponent)}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`;
}

/** Shortens to at most `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
