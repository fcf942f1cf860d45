/**
 * Annotation bodies are Markdown that Buildkite renders to HTML, and the MCP server then runs the
 * HTML through an allow-list. This covers the constructs annotations commonly use.
 */

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Drops what the server's HTML policy removes: scripts, styles, iframes and event handlers. */
function sanitiseHtml(html: string): string {
  return html
    .replace(/<(script|style|iframe)\b[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<(script|style|iframe)\b[^>]*\/?>/gi, '')
    .replace(/\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '');
}

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2">$1</a>');
}

export function markdownToHtml(markdown: string): string {
  // Raw HTML in the body is kept (Buildkite allows it), only filtered.
  if (/^\s*</.test(markdown)) return sanitiseHtml(markdown.trim());
  const blocks: string[] = [];
  let list: string[] = [];
  let code: string[] | null = null;
  const flushList = (): void => {
    if (list.length > 0) blocks.push(`<ul>${list.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>`);
    list = [];
  };
  for (const line of markdown.split('\n')) {
    if (code) {
      if (line.trim().startsWith('```')) {
        blocks.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
        code = null;
      } else code.push(line);
      continue;
    }
    if (line.trim().startsWith('```')) {
      flushList();
      code = [];
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (item) {
      list.push(item[1] ?? '');
      continue;
    }
    flushList();
    if (heading) blocks.push(`<h${heading[1]?.length}>${inline(heading[2] ?? '')}</h${heading[1]?.length}>`);
    else if (line.trim() !== '') blocks.push(`<p>${inline(line.trim())}</p>`);
  }
  flushList();
  if (code) blocks.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
  return blocks.join('\n');
}
