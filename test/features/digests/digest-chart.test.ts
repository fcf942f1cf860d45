import { describe, expect, it } from 'vitest';
import { chartOption, chartPng, chartSvg } from '../../../src/features/digests/digest-chart.js';

const days = [
  { day: '2026-11-30', finished: 10, passed: 8, medianDurationMs: 300_000 },
  { day: '2026-12-01', finished: 0, passed: 0 },
  { day: '2026-12-02', finished: 4, passed: 4, medianDurationMs: 330_000 },
];

describe('the digest chart', () => {
  it('draws pass rate per day as bars and median build time as a line', () => {
    const option = chartOption(days, 'web') as { series: { data: (number | null)[] }[]; xAxis: { data: string[] } };
    expect(option.xAxis.data).toEqual(['11-30', '12-01', '12-02']);
    expect(option.series[0]!.data).toEqual([80, null, 100]);
    expect(option.series[1]!.data).toEqual([5, null, 5.5]);
  });

  it('renders SVG text in the bundled font, and a PNG without system fonts', async () => {
    const svg = await chartSvg(days, '<web> & co');
    expect(svg).toContain('DejaVu Sans');
    expect(svg).toContain('&lt;web&gt; &amp; co');
    const png = await chartPng(days, 'web');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // 800 × 360: the IHDR chunk's width and height.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([800, 360]);
  });
});
