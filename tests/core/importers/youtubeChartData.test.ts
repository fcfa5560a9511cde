/**
 * YouTube Studio › Advanced mode › Export writes "Table data.csv" (one row per video) and "Chart data.csv"
 * (one row per line of the chart per day). No YouTube help page gives Chart data's columns; two public
 * parsers of the download agree on `Date`, the chart's metric (`Views`) and, for the default per-video
 * chart, `Content` and `Video title` (assumed here, with `Video publish time` and `Duration` as in Table
 * data). The fixture tests/fixtures/exports/youtube_chart_data.csv was written by hand in that shape with
 * our own values. Its rows are per video per day, not the channel's daily totals and not one row per
 * post: it must not be read as Table data (posts with repeated ids and the day lost) nor as a GA4 report
 * (its `Views` is a GA4 metric name); it imports as it is.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importExport } from '../../../src/core/importers/index.ts';

describe('YouTube Studio Chart data.csv', () => {
  it('is neither Table data nor GA4: every row and column kept as a raw table', () => {
    const r = importExport(new Uint8Array(readFileSync(new URL('../../fixtures/exports/youtube_chart_data.csv', import.meta.url))), 'Chart data.csv');
    expect([r.platform, r.table]).toEqual([null, 'raw']);
    expect(r.rows).toHaveLength(4);
    expect(Object.keys(r.rows[0]!)).toEqual(['Date', 'Content', 'Video title', 'Video publish time', 'Duration', 'Views']);
    expect(r.rows.map((x) => [x.Date, x.Content])).toEqual([['2025-01-05', 'dQw4w9WgXcA'], ['2025-01-05', 'kJQP7kiw5Fk'], ['2025-01-06', 'dQw4w9WgXcA'], ['2025-01-06', 'kJQP7kiw5Fk']]);
    expect(r.rows.reduce((s, x) => s + Number(x.Views), 0)).toBe(11600); // 4100 + 2600 + 3000 + 1900
  });

  it('Table data of the same download is still read as posts', () => {
    const r = importExport(new Uint8Array(readFileSync(new URL('../../fixtures/exports/youtube_table_data.csv', import.meta.url))), 'Table data.csv');
    expect([r.platform, r.layout]).toEqual(['youtube', 'youtube_studio_table']);
  });
});
