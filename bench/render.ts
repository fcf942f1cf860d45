/**
 * The renderers' speed on inputs built to be slow (what the unit tests check only for linear time, with
 * bounds generous for a loaded machine): the median of a few runs each, in process, in milliseconds.
 */
import { annotationBlock } from '../src/features/annotations/annotations-message.js';
import { htmlToMrkdwn } from '../src/render/html-mrkdwn.js';
import { maskLines, maskSecrets } from '../src/render/mask.js';
import { median, round } from './load.js';

const RUNS = 7;

function medianMs(work: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return round(median(times), 1);
}

/** Lines of 200 KB shaped to make a backtracking pattern quadratic (the unit tests' set). */
const ADVERSARIAL_LINES = [
  'A'.repeat(200_000),
  'PASSWORD='.repeat(22_000),
  'a=a'.repeat(66_000),
  'https://a@'.repeat(20_000),
  '-----BEGIN PRIVATE KEY-----'.repeat(7_000),
  '"password":"'.repeat(16_000),
  'Bearer '.repeat(28_000) + 'x',
];

export interface RenderTimes {
  /** A 1 MB annotation of nested `<a href='` inside an attribute, as one card draws it. */
  pathologicalAnnotationMs: number;
  /** A megabyte of ordinary links through htmlToMrkdwn. */
  megabyteOfLinksMs: number;
  /** The slowest of the adversarial 200 KB lines through maskSecrets. */
  slowestAdversarialMaskMs: number;
  /** A 200 KB secret line cut to a card's 400 characters, then masked. */
  cutLineMaskMs: number;
}

export function measureRender(): RenderTimes {
  const annotation = `<p><span title="${"<a href='".repeat(Math.ceil(1_048_576 / 9))}">coverage</span></p>`;
  const links = '<p>' + '<a href="https://x.test/a">label</a> and '.repeat(25_000) + '</p>';
  const secretLine = `DEPLOY_TOKEN=${'s'.repeat(200_000)}`;
  return {
    pathologicalAnnotationMs: medianMs(() => annotationBlock({ id: 'a', context: 'coverage', style: 'info', body_html: annotation } as never, 400)),
    megabyteOfLinksMs: medianMs(() => htmlToMrkdwn(links)),
    slowestAdversarialMaskMs: Math.max(...ADVERSARIAL_LINES.map((line) => medianMs(() => maskSecrets(line)))),
    cutLineMaskMs: medianMs(() => maskLines([secretLine], 400)),
  };
}

export function renderLine(t: RenderTimes): string {
  return `Renderers (median of ${RUNS}, in process): a 1 MB pathological annotation ${t.pathologicalAnnotationMs} ms, a megabyte of links ${t.megabyteOfLinksMs} ms, the slowest adversarial 200 KB line masked in ${t.slowestAdversarialMaskMs} ms, a 200 KB secret line cut and masked in ${t.cutLineMaskMs} ms.`;
}
