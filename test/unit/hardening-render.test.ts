import { describe, expect, it } from 'vitest';
import { annotationBlock } from '../../src/render/extras.js';
import { htmlToMrkdwn } from '../../src/render/html-mrkdwn.js';

/** Time of the fastest of three runs: the bound is about the algorithm, not a noisy neighbour. */
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

  it.each([18_000, 27_000, 1_048_576])('renders a %i-byte pathological body in under 50 ms', (bytes) => {
    const body = pathological(bytes);
    expect(fastestMs(() => annotationBlock({ id: 'a', context: 'coverage', style: 'info', body_html: body } as never, 400))).toBeLessThan(50);
  });

  it('renders a megabyte of ordinary links in under 50 ms, cut before it is read', () => {
    const body = '<p>' + '<a href="https://x.test/a">label</a> and '.repeat(25_000) + '</p>';
    expect(fastestMs(() => htmlToMrkdwn(body))).toBeLessThan(50);
  });

  it('strips control characters, even spelled as entities', () => {
    expect(htmlToMrkdwn('<p>a\u0000b\u0001c&#1;d</p>')).toBe('abcd');
  });

  it('keeps the text of a title attribute out and the words in', () => {
    const out = htmlToMrkdwn(`<p><span title="<a href='https://evil.test'>x</a>">coverage</span> 91%</p>`);
    expect(out).toBe('coverage 91%');
  });
});
