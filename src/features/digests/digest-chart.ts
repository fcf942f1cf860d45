import { createRequire } from 'node:module';
import type { EChartsCoreOption } from 'echarts';
import type { DayPoint } from './digest-compute.js';

// The digest's picture: pass rate and median build time per day. ECharts draws it as SVG without a DOM
// (server-side rendering), resvg turns that into the PNG Slack previews (it does not preview SVG), with
// a font shipped in an npm package, so it draws the same in a slim container without system fonts.
// Both are loaded on the first picture, not with the bot: together they cost ~50 MB and ~0.3 s, which
// every replica would otherwise pay at start-up whether or not a channel ever has a digest.

const WIDTH = 800;
const HEIGHT = 360;
const FONT_FAMILY = 'DejaVu Sans';
const FONT_FILE = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

/** The chart's ECharts option: pure, so a test can read what will be drawn. */
export function chartOption(days: DayPoint[], title: string): EChartsCoreOption {
  const labels = days.map((d) => d.day.slice(5));
  const passRate = days.map((d) => (d.finished > 0 ? Math.round((d.passed / d.finished) * 100) : null));
  const minutes = days.map((d) => (d.medianDurationMs === undefined ? null : Math.round(d.medianDurationMs / 6_000) / 10));
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY },
    title: { text: title, left: 'center', top: 6, textStyle: { fontSize: 16, fontFamily: FONT_FAMILY } },
    legend: { bottom: 0, data: ['Pass rate (%)', 'Median build time (min)'], textStyle: { fontFamily: FONT_FAMILY } },
    grid: { left: 56, right: 64, top: 72, bottom: 56 },
    xAxis: { type: 'category', data: labels },
    yAxis: [
      { type: 'value', name: '%', min: 0, max: 100 },
      { type: 'value', name: 'min', min: 0 },
    ],
    series: [
      { name: 'Pass rate (%)', type: 'bar', data: passRate, itemStyle: { color: '#2e9e5b' }, barMaxWidth: 56, label: { show: true, position: 'insideTop', color: '#ffffff', formatter: '{c}%' } },
      { name: 'Median build time (min)', type: 'line', yAxisIndex: 1, data: minutes, connectNulls: true, itemStyle: { color: '#3d5afe' }, lineStyle: { width: 3 } },
    ],
  };
}

/** The chart's SVG. */
export async function chartSvg(days: DayPoint[], title: string): Promise<string> {
  const echarts = await import('echarts');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  try {
    chart.setOption(chartOption(days, title));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart as PNG bytes, text drawn in the bundled font only (no system fonts looked up). */
export async function chartPng(days: DayPoint[], title: string): Promise<Buffer> {
  const [svg, { Resvg }] = await Promise.all([chartSvg(days, title), import('@resvg/resvg-js')]);
  const resvg = new Resvg(svg, {
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'width', value: WIDTH },
  });
  return resvg.render().asPng();
}
