import { describe, expect, it } from 'vitest';
import { hasOrderBy, plotSpec } from '../../../src/core/cells/plot.ts';
import { axisLabel, axisLayout, colorColumns, isoToDate, labelWidth, MAX_CATEGORIES } from '../../../src/core/cells/plotLayout.ts';
import { plotOptions, type PlotLibrary } from '../../../src/core/cells/plotRender.ts';

const bars = plotSpec('from: t\nmark: barX\nx: clicks\ny: campaign');
const rows = [
  { campaign: 'Spring launch — retargeting lookalike 3%', clicks: 20 },
  { campaign: 'Brand', clicks: 90 },
  { campaign: 'Always-on', clicks: 50 },
];

describe('axisLayout', () => {
  it('draws ISO date text on a time axis (as Dates) unless a mark bands it; banded dates keep the calendar order', () => {
    const days = [{ day: '2025-01-08', n: 2 }, { day: '2025-01-06', n: 1 }, { day: '2025-01-07', n: 3 }];
    const line = plotSpec('from: t\nmark: lineY\nx: day\ny: n');
    expect(axisLayout(line, days, false).axis).toBeUndefined();
    const captured: Record<string, unknown>[] = [];
    const fakePlot = { plot: () => ({ outerHTML: '' }), lineY: (data: Record<string, unknown>[]) => captured.push(...data), barY: () => null } as unknown as PlotLibrary;
    const lineOptions = plotOptions(line, days, fakePlot);
    expect(captured.map((r) => r.day)).toEqual(days.map((r) => new Date(r.day)));
    // Whole days: ticked at days or coarser, never at hours (the scale's day interval).
    expect(lineOptions.x).toEqual({ interval: 'day' });
    const columns = plotSpec('from: t\nmark: barY\nx: day\ny: n');
    expect(axisLayout(columns, days, false)).toMatchObject({ axis: 'x', domain: ['2025-01-06', '2025-01-07', '2025-01-08'] });
    expect(plotOptions(columns, days, fakePlot).x).toMatchObject({ type: 'band', domain: ['2025-01-06', '2025-01-07', '2025-01-08'] });
  });
  it('ticks a time axis at days only when every value is a whole day (UTC midnight); hourly rows keep hours', () => {
    const fakePlot = { plot: () => ({ outerHTML: '' }), lineY: () => null } as unknown as PlotLibrary;
    const line = plotSpec('from: t\nmark: lineY\nx: at\ny: n');
    const days = [{ at: '2025-01-06', n: 1 }, { at: '2025-01-07', n: 2 }];
    const truncated = [{ at: '2025-01-06T00:00:00.000', n: 1 }, { at: '2025-01-07T00:00:00.000Z', n: 2 }];
    const hourly = [{ at: '2025-01-06T00:00:00.000', n: 1 }, { at: '2025-01-06T13:00:00.000', n: 2 }];
    expect(plotOptions(line, days, fakePlot).x).toEqual({ interval: 'day' });
    expect(plotOptions(line, truncated, fakePlot).x).toEqual({ interval: 'day' });
    expect(plotOptions(line, hourly, fakePlot).x).toBeUndefined();
    // The cell's own axis options win.
    expect(plotOptions(plotSpec('from: t\nmark: lineY\nx: at\ny: n\nx_axis: {interval: week}'), days, fakePlot).x).toEqual({ interval: 'week' });
  });
  it('reads a timestamp without a zone as wall-clock time (UTC on the axis), whatever the machine\'s zone', () => {
    expect(isoToDate('2025-01-06T13:00:00.000').toISOString()).toBe('2025-01-06T13:00:00.000Z');
    expect(isoToDate('2025-01-06T13:00:00+02:00').toISOString()).toBe('2025-01-06T11:00:00.000Z');
    expect(isoToDate('2025-01-06').toISOString()).toBe('2025-01-06T00:00:00.000Z');
  });
  it('sorts categories by value, largest first, when the source has no ORDER BY', () => {
    expect(axisLayout(bars, rows, false).domain).toEqual(['Brand', 'Always-on', 'Spring launch — retargeting lookalike 3%']);
  });
  it('keeps the source order when its query has an ORDER BY', () => {
    expect(axisLayout(bars, rows, true).domain).toEqual(rows.map((r) => r.campaign));
  });
  it('makes room on the left for the longest label, cut at 36 characters (6 px each)', () => {
    expect(labelWidth('Spring launch — retargeting lookalike 3%')).toBe(240);
    expect(axisLabel('Spring launch — retargeting lookalike 3%')).toBe('Spring launch — retargeting lookali…');
    expect(axisLayout(bars, rows, false).marginLeft).toBe(36 * 6 + 30);
  });
  it('grows the height with the categories and keeps the top 40 of 55, saying how many more', () => {
    const many = Array.from({ length: 55 }, (_, i) => ({ campaign: `c${i}`, clicks: i }));
    const l = axisLayout(bars, many, false);
    expect(l.hidden).toBe(15);
    expect(l.domain).toHaveLength(MAX_CATEGORIES);
    expect(l.domain![0]).toBe('c54');
    expect(l.rows).toHaveLength(40);
    expect(l.height).toBe(40 * 22 + 60);
    const captured: Record<string, unknown>[] = [];
    const fakePlot = { plot: () => ({ outerHTML: '' }), barX: (_d: unknown, o: Record<string, unknown>) => captured.push(o) } as unknown as PlotLibrary;
    expect(plotOptions(bars, many, fakePlot).caption).toBe('Top 40 shown, and 15 more');
  });
  it('slants long labels under columns and leaves room on the left for the first ones', () => {
    const cols = plotSpec('from: t\nmark: barY\nx: campaign\ny: clicks');
    const l = axisLayout(cols, [{ campaign: 'Brand', clicks: 3 }, { campaign: 'Always-on', clicks: 2 }], true);
    expect(l.tickRotate).toBe(undefined); // short labels fit side by side
    const many = Array.from({ length: 20 }, (_, i) => ({ campaign: i === 0 ? 'A very long first campaign name of 40 ch' : `Campaign ${i}`, clicks: 20 - i }));
    const m = axisLayout(cols, many, true);
    expect(m.tickRotate).toBe(-40);
    // 36 characters shown · 6 px · cos 40° = 165.5 px, less half a band (580 / 20 / 2 = 14.5), plus 8.
    expect(m.marginLeft).toBe(Math.ceil(216 * Math.cos((40 * Math.PI) / 180) - 14.5) + 8);
    expect(m.marginBottom).toBe(Math.ceil(216 * Math.sin((40 * Math.PI) / 180)) + 36);
    // 80 columns: the top 40 at 14.5 px each in 640 px, labels upright so none overlaps its neighbour.
    const eighty = Array.from({ length: 80 }, (_, i) => ({ campaign: `Campaign number ${i}`, clicks: i }));
    const e = axisLayout(cols, eighty, false);
    expect(e.domain).toHaveLength(40);
    expect(e.tickRotate).toBe(-90);
    expect(e.width).toBe(undefined);
    expect(e.marginBottom).toBe(18 * 6 + 36);
  });
  it('widens the left margin for large numbers on a numeric y axis', () => {
    const l = axisLayout(plotSpec('from: t\nmark: line\nx: day\ny: impressions'), [{ day: '2024-01-01', impressions: 2_500_000 }], false);
    // 2,750,000 (the axis runs a little past the top value) is 9 characters: 54 px + 20.
    expect(l.marginLeft).toBe(74);
  });
});

describe('legend and order helpers', () => {
  it('finds colour channels that name a column, not constant colours', () => {
    expect(colorColumns(plotSpec('from: t\nmark: dot\nx: a\ny: b\nfill: platform'), ['a', 'b', 'platform'])).toEqual(['platform']);
    expect(colorColumns(plotSpec('from: t\nmark: dot\nx: a\ny: b\nfill: steelblue'), ['a', 'b'])).toEqual([]);
  });
  it('turns the legend on in the Plot options when colour encodes a column', () => {
    const fakePlot = { plot: () => ({ outerHTML: '' }), dot: () => ({}) } as unknown as PlotLibrary;
    expect(plotOptions(plotSpec('from: t\nmark: dot\nx: a\ny: b\nfill: platform'), [{ a: 1, b: 2, platform: 'meta' }], fakePlot).color).toEqual({ legend: true });
  });
  it('sees a top-level ORDER BY, not a window one', () => {
    expect(hasOrderBy('SELECT a, sum(b) FROM t GROUP BY 1 ORDER BY 2 DESC')).toBe(true);
    expect(hasOrderBy('SELECT a, row_number() OVER (ORDER BY b) FROM t')).toBe(false);
  });
});
