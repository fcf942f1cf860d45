import { Parser } from 'htmlparser2';
import { escapeMrkdwn, link } from './escape.js';

/**
 * Annotation bodies arrive as (sanitised) HTML rendered from Markdown, up to 1 MiB, written by anyone
 * who can run a pipeline step. This turns them into safe Slack mrkdwn: tags are dropped and their text
 * kept, links become Slack links with escaped labels (http(s) only), list items become bullets, bold
 * stays bold, and every piece of text is escaped so nothing can ping or forge.
 *
 * A real tokenizer (htmlparser2, linear in its input) reads the HTML; the input is cut before it is
 * read, since a card shows a few hundred characters of it. No regular expression here can backtrack.
 */
const MAX_ANNOTATION_HTML = 32 * 1024;

/** Control characters are not text: they are dropped before anything else. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

const BLOCK_ENDS = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'pre', 'tr', 'table', 'blockquote']);
const SKIPPED = new Set(['script', 'style', 'template']);
const BOLD = new Set(['strong', 'b']);

/** Collects mrkdwn while the tokenizer walks the HTML; text is escaped as it arrives. */
class MrkdwnWriter {
  private readonly out: string[] = [];
  private skipDepth = 0;
  private linkHref: string | undefined;
  private linkLabel = '';
  private inLink = false;
  private boldText: string | undefined;
  private boldDepth = 0;

  open(name: string, attributes: Record<string, string>): void {
    if (SKIPPED.has(name)) this.skipDepth++;
    if (this.skipDepth > 0) return;
    if (name === 'a' && !this.inLink) {
      this.inLink = true;
      this.linkHref = attributes.href;
      this.linkLabel = '';
    } else if (name === 'li') this.raw('\n• ');
    else if (name === 'br') this.raw('\n');
    else if (BOLD.has(name) && !this.inLink) {
      if (this.boldDepth === 0) this.boldText = '';
      this.boldDepth++;
    }
  }

  close(name: string): void {
    if (SKIPPED.has(name)) {
      this.skipDepth = Math.max(0, this.skipDepth - 1);
      return;
    }
    if (this.skipDepth > 0) return;
    if (name === 'a' && this.inLink) this.finishLink();
    else if (BOLD.has(name) && this.boldDepth > 0) {
      this.boldDepth--;
      if (this.boldDepth === 0) {
        const inner = collapse(this.boldText ?? '').trim();
        this.boldText = undefined;
        if (inner) this.raw(`*${escapeMrkdwn(inner)}*`);
      }
    } else if (BLOCK_ENDS.has(name)) this.raw('\n');
  }

  text(decoded: string): void {
    if (this.skipDepth > 0) return;
    // Entities can spell control characters too (`&#1;`): they go after decoding as well.
    const data = stripControl(decoded);
    if (this.inLink) this.linkLabel += data;
    else if (this.boldText !== undefined) this.boldText += data;
    else this.raw(escapeMrkdwn(collapse(data)));
  }

  result(): string {
    if (this.inLink) this.finishLink();
    if (this.boldText) this.raw(escapeMrkdwn(collapse(this.boldText)));
    return tidy(this.out.join(''));
  }

  private finishLink(): void {
    this.inLink = false;
    const url = (this.linkHref ?? '').trim();
    const written = collapse(this.linkLabel).trim();
    // A label that names another address (`<a href="https://evil">https://good</a>`) would send people
    // somewhere they did not read: the real target is shown instead.
    const linked = /^https?:\/\//i.test(url);
    const label = !written || (linked && namesAnAddress(written) && !sameAddress(written, url)) ? url : written;
    const rendered = linked ? link(url, label) : escapeMrkdwn(label);
    if (this.boldText !== undefined) this.boldText += label;
    else this.raw(rendered);
  }

  private raw(text: string): void {
    this.out.push(text);
  }
}

/**
 * Text that reads as a web address: a scheme (`https://`, `ftp://`), `www.`, or a host name with a
 * top-level domain (`good.example`, `github.com/acme`). Full-width and other compatibility forms count
 * as what they look like (NFKC), so `ｇｏｏｄ．com` is an address too. Every repetition is bounded (a
 * scheme's 32 characters, DNS's 63 a label), so no label can make the search backtrack for long.
 */
const ADDRESS = /[a-z][a-z0-9+.-]{0,31}:\/\/|\bwww\.|(?:^|[^\w.-])[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,8}\.[a-z]{2,24}(?![\w-])/i;
/** Beyond this a label is never shown (an annotation shows at most 2,800 characters): not searched. */
const LABEL_SEARCHED = 3000;
const namesAnAddress = (label: string) => ADDRESS.test(label.slice(0, LABEL_SEARCHED).normalize('NFKC'));

/** The same address, however it is written: scheme, `www.`, case and a trailing slash aside. */
const bareAddress = (address: string) =>
  address.normalize('NFKC').trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]{0,31}:\/\//, '').replace(/^www\./, '').replace(/\/+$/, '');
const sameAddress = (label: string, url: string) => bareAddress(label) === bareAddress(url);

/** HTML white space: any run is one space. */
const collapse = (text: string) => text.replace(/\s+/g, ' ');

/** Trailing spaces go, runs of blank lines become one; each pattern starts only where its run starts. */
function tidy(text: string): string {
  return text
    .replace(/(?<![ \t])[ \t]+\n/g, '\n')
    .replace(/\n[ \t]+/g, '\n')
    .replace(/(?<!\n)\n{3,}/g, '\n\n')
    .trim();
}

/**
 * `maxHtml`: how much of the HTML to read (default 32 KiB). A caller that shows a few hundred characters
 * reads less: markup (an annotation nested thousands of elements deep) costs time and shows nothing.
 */
export function htmlToMrkdwn(html: string, maxHtml = MAX_ANNOTATION_HTML): string {
  const writer = new MrkdwnWriter();
  const parser = new Parser(
    {
      onopentag: (name, attributes) => writer.open(name, attributes),
      onclosetag: (name) => writer.close(name),
      ontext: (data) => writer.text(data),
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  const cut = Math.min(maxHtml, MAX_ANNOTATION_HTML);
  parser.write(stripControl(html.length > cut ? html.slice(0, cut) : html));
  parser.end();
  return writer.result();
}
