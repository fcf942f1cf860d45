import { describe, expect, it } from 'vitest';
import { annotationBlock } from '../../src/features/annotations/annotations-message.js';
import { htmlToMrkdwn } from '../../src/render/html-mrkdwn.js';

/**
 * Time of the fastest of three runs. The bound is about the algorithm (a quadratic one takes minutes on a
 * megabyte), generous enough for a loaded 2-core machine; how fast it really is belongs to `npm run bench`.
 */
function fastestMs(work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    work();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('annotation HTML that once froze the bot', () => {
  const pathological = (bytes: number) => `<p><span title="${"<a href='".repeat(Math.ceil(bytes / 9))}">coverage</span></p>`;

  it.each([18_000, 27_000, 1_048_576])('renders a %i-byte pathological body in linear time', (bytes) => {
    const body = pathological(bytes);
    expect(fastestMs(() => annotationBlock({ id: 'a', context: 'coverage', style: 'info', body_html: body } as never, 400))).toBeLessThan(1_000);
  });

  it('renders a megabyte of ordinary links in linear time, cut before it is read', () => {
    const body = '<p>' + '<a href="https://x.test/a">label</a> and '.repeat(25_000) + '</p>';
    expect(fastestMs(() => htmlToMrkdwn(body))).toBeLessThan(1_000);
  });

  it('strips control characters, even spelled as entities', () => {
    expect(htmlToMrkdwn('<p>a\u0000b\u0001c&#1;d</p>')).toBe('abcd');
  });

  it('keeps the text of a title attribute out and the words in', () => {
    const out = htmlToMrkdwn(`<p><span title="<a href='https://evil.test'>x</a>">coverage</span> 91%</p>`);
    expect(out).toBe('coverage 91%');
  });
});

describe('htmlToMrkdwn', () => {
  it('keeps text, bold, bullets and http links with escaped labels', () => {
    const out = htmlToMrkdwn('<p>Hi <strong>there</strong> &amp; <a href="https://x.test/a?b=1&amp;c=2">the <em>docs</em> | here</a></p><ul><li>one</li><li>two</li></ul>');
    expect(out).toContain('Hi *there* &amp; <https://x.test/a?b=1&c=2|the docs ¦ here>');
    expect(out).toContain('• one\n• two');
  });

  it('defuses hostile input: mentions, forged links, scripts and javascript: URLs', () => {
    const out = htmlToMrkdwn('&lt;!channel&gt; <script>alert(1)</script><a href="javascript:alert(1)">bad</a> <img src=x onerror=alert(1)> &lt;http://evil|click&gt; <a href="https://ok.test">&lt;@U123&gt;</a> &#60;!here&#62;');
    expect(out).not.toMatch(/<!(channel|here)>/);
    expect(out).not.toContain('<@U123>');
    expect(out).not.toContain('<http://evil');
    expect(out).not.toContain('alert(1)');
    expect(out).not.toContain('javascript:');
    expect(out).toContain('&lt;!channel&gt;');
    expect(out).toContain('<https://ok.test|&lt;@U123&gt;>');
    expect(out).toContain('bad');
  });

  it.each([
    ['<a href="https://evil.test/x">https://good.test/x</a>', 'another URL'],
    ['<a href="https://evil.test">good.test</a>', 'a bare host'],
    ['<a href="https://evil.test">see www.good.test here</a>', 'www. inside words'],
    ['<a href="https://evil.test">ｇｏｏｄ．ｃｏｍ</a>', 'full-width characters'],
    ['<a href="https://evil.test">ftp://good.test</a>', 'another scheme'],
  ])('a link labelled with another address shows its real target (%s: %s)', (html) => {
    const out = htmlToMrkdwn(html);
    expect(out).toMatch(/^<https:\/\/evil\.test[^|]*\|https:\/\/evil\.test[^>]*>$/);
    expect(out.normalize('NFKC')).not.toMatch(/good/);
  });

  it('keeps labels that are words, or the link\'s own address written differently', () => {
    expect(htmlToMrkdwn('<a href="https://good.test/r">Coverage v1.2 report</a>')).toBe('<https://good.test/r|Coverage v1.2 report>');
    expect(htmlToMrkdwn('<a href="https://good.test/a">good.test/a</a>')).toBe('<https://good.test/a|good.test/a>');
    expect(htmlToMrkdwn('<a href="https://good.test/a">HTTPS://Good.test/a/</a>')).toBe('<https://good.test/a|HTTPS://Good.test/a/>');
  });

  it('never leaves a raw angle bracket outside the links it made', () => {
    const out = htmlToMrkdwn('a < b > c <unclosed <b>x</b> <<a href="https://a.test">y</a>>');
    expect(out.replace(/<https:\/\/a\.test\|y>/, '')).not.toMatch(/[<>]/);
  });
});
