import { describe, expect, it } from 'vitest';
import { plotSpec } from '../../src/core/cells/plot.ts';
import { plotToSvg } from '../../src/cli/plotSvg.ts';

const rows = [0, 1, 2, 3, 4].map((i) => ({ campaign: `Campaign ${i}`, clicks: [30, 50, 10, 40, 20][i]!, platform: i % 2 ? 'linkedin' : 'meta' }));
const tickOrder = (svg: string) => [...svg.matchAll(/>(Campaign \d)</g)].map((m) => m[1]);

describe('plot cells drawn by the CLI (the HTML report)', () => {
  it('has a legend when fill encodes a column', () => {
    const out = plotToSvg(plotSpec('from: t\nmark: barX\nx: clicks\ny: campaign\nfill: platform'), rows);
    expect(out).toMatch(/swatch/);
    expect(out).toContain('>linkedin<');
    expect(out).toContain('>meta<');
  });
  it('sorts categories by value without an ORDER BY, and keeps the query order with one', () => {
    const spec = plotSpec('from: t\nmark: barX\nx: clicks\ny: campaign');
    expect(tickOrder(plotToSvg(spec, rows))).toEqual(['Campaign 1', 'Campaign 3', 'Campaign 0', 'Campaign 4', 'Campaign 2']);
    expect(tickOrder(plotToSvg({ ...spec, ordered: true }, rows))).toEqual(['Campaign 0', 'Campaign 1', 'Campaign 2', 'Campaign 3', 'Campaign 4']);
  });
  it('ticks daily rows at dates, never at hours between them; hourly rows keep hour ticks', () => {
    const xTicks = (svg: string) => [...(svg.match(/aria-label="x-axis tick label"[\s\S]*?<\/g>/)?.[0] ?? '').matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
    const line = plotSpec('from: t\nmark: lineY\nx: at\ny: clicks');
    // Five days, 1–5 March 2026: Plot's default (640 px, a tick per 80 px) put "12 PM" between them.
    const days = [1, 2, 3, 4, 5].map((d) => ({ at: `2026-03-0${d}`, clicks: 10 + d }));
    expect(xTicks(plotToSvg(line, days))).toEqual(['1 Mar', '2', '3', '4', '5']);
    // Six weeks of days tick at weeks (Sundays: 1, 8, 15, 22, 29 March, 5 April 2026), still dates.
    const weeks = Array.from({ length: 40 }, (_, i) => ({ at: new Date(Date.UTC(2026, 2, 1 + i)).toISOString().slice(0, 10), clicks: i }));
    expect(xTicks(plotToSvg(line, weeks))).toEqual(['1 Mar', '8', '15', '22', '29', '5 Apr']);
    // Eight weekly rows on Mondays (5 January 2026 is a Monday) tick at their own Mondays, every second
    // one to keep about 7 ticks across 580 px, not at Plot's Sunday weeks between them.
    const mondays = Array.from({ length: 8 }, (_, i) => ({ at: new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10), clicks: i }));
    expect(xTicks(plotToSvg(line, mondays))).toEqual(['5 Jan', '19', '2 Feb', '16']);
    // Twelve hours of one day keep their hours (naive timestamps drawn as written, whatever the zone).
    const hours = Array.from({ length: 12 }, (_, h) => ({ at: `2026-03-01T${String(h + 6).padStart(2, '0')}:00:00.000`, clicks: h }));
    const ticks = xTicks(plotToSvg(line, hours));
    expect(ticks.some((t) => /PM/.test(t))).toBe(true);
    expect(ticks[0]).toMatch(/^6 AM/);
  });
  it('titles an axis on which marks draw different columns, and draws rule_x / rule_y with their labels at their values', () => {
    const days = Array.from({ length: 15 }, (_, i) => ({ date: new Date(Date.UTC(2026, 2, 1 + i)).toISOString().slice(0, 10), treated: 50 + i, synthetic: 48 + i }));
    const spec = plotSpec(
      'from: t\nmarks:\n  - { mark: lineY, x: date, y: treated }\n  - { mark: lineY, x: date, y: synthetic }\nrule_x:\n  at: 2026-03-08\n  label: campaign starts\nrule_y: 56',
    );
    const svg = plotToSvg(spec, days);
    // Plot alone leaves the y axis untitled when its marks disagree; Pulse titles it with both names.
    expect(svg).toMatch(/aria-label="y-axis label"><text[^>]*>↑ treated, synthetic</);
    // The kind's shared title for both columns (geo-lift's series) is used once.
    const titled = plotToSvg({ ...spec, labels: { treated: 'conversions, mean per region', synthetic: 'conversions, mean per region' } }, days);
    expect(titled).toMatch(/aria-label="y-axis label"><text[^>]*>↑ conversions, mean per region</);
    // The vertical rule stands where the x axis puts its tick for 8 March, and carries its label.
    const tick8 = Number(svg.match(/aria-label="x-axis tick label">[\s\S]*?translate\(([\d.]+),\d+\)" y="0.71em">8</)?.[1]);
    const vertical = [...svg.matchAll(/<line y2="[\d.]+" y1="[\d.]+" x2="([\d.]+)" x1="([\d.]+)"/g)].find((m) => m[1] === m[2]);
    expect(Number(vertical?.[1])).toBeCloseTo(tick8, 6);
    expect(svg).toContain('>campaign starts</text>');
    // The horizontal rule at 56 stands where the y axis puts its tick 56.
    const tick56 = Number(svg.match(/aria-label="y-axis tick label"[^>]*>[\s\S]*?translate\([\d.]+,([\d.]+)\)"[^>]*>56</)?.[1]);
    const horizontal = [...svg.matchAll(/<line y2="([\d.]+)" y1="([\d.]+)" x2="[\d.]+" x1="[\d.]+"/g)].find((m) => m[1] === m[2]);
    expect(Number(horizontal?.[1])).toBeCloseTo(tick56, 6);
  });
});
