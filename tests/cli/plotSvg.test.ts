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
});
