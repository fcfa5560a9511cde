/**
 * GA4 "Download file" CSVs from a property whose interface is in German or French: the `#` block and
 * the headers are translated (`# Startdatum: 20250101`, `Sitzungen`, `Schlüsselereignisse`; `# Date de
 * début : 20250201`, `Utilisateurs actifs`), the numbers are not (GA4 writes fractions with a dot and no
 * separators, /work/shared/exports.md § Google Analytics 4). Both fixtures are hand-written in that
 * layout with our own values; expected sums are added up by hand beside each assertion.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importExport, sumColumn } from '../../../src/core/importers/index.ts';

const load = (name: string) => importExport(new Uint8Array(readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url))), name);

describe('GA4 downloads in German and French', () => {
  it('German channel report: the report range comes from "# Startdatum / # Enddatum", every metric maps', () => {
    const r = load('ga4_traffic_de.csv');
    expect([r.platform, r.layout, r.table]).toEqual(['ga4', 'ga4_report', 'web_daily']);
    expect(r.rows.map((x) => [x.dimension_value, x.date, x.date_end, x.grain])).toEqual([
      ['Organic Search', '2025-01-01', '2025-01-31', 'report'],
      ['Direct', '2025-01-01', '2025-01-31', 'report'],
      ['Paid Social', '2025-01-01', '2025-01-31', 'report'],
    ]);
    expect(sumColumn(r.rows, 'sessions')).toBe(2100); // 1200 + 600 + 300
    expect(sumColumn(r.rows, 'engaged_sessions')).toBe(1270); // 800 + 350 + 120
    expect(sumColumn(r.rows, 'users')).toBe(1750); // 950 + 520 + 280
    expect(sumColumn(r.rows, 'new_users')).toBe(1260); // 700 + 300 + 260
    expect(sumColumn(r.rows, 'event_count')).toBe(15400); // 9800 + 4100 + 1500
    expect(sumColumn(r.rows, 'conversions')).toBe(38); // Schlüsselereignisse 25 + 10 + 3
    expect(sumColumn(r.rows, 'revenue')).toBeCloseTo(1820.75, 6); // 1250.5 + 480 + 90.25
    expect(r.rows[2]!.engagement_rate).toBe(0.4);
    expect(r.keptColumns).toEqual([]);
  });

  it('French daily report: Date as YYYYMMDD, "Événements clés" are the conversions', () => {
    const r = load('ga4_daily_fr.csv');
    expect(r.rows.map((x) => x.date)).toEqual(['2025-02-01', '2025-02-02', '2025-02-03']);
    expect(sumColumn(r.rows, 'sessions')).toBe(310); // 100 + 120 + 90
    expect(sumColumn(r.rows, 'users')).toBe(240); // 80 + 90 + 70
    expect(sumColumn(r.rows, 'new_users')).toBe(170); // 60 + 70 + 40
    expect(sumColumn(r.rows, 'conversions')).toBe(11); // 4 + 5 + 2
    expect(r.rows.map((x) => x.engagement_rate)).toEqual([0.55, 0.6, 0.5]);
    expect(r.keptColumns).toEqual([]);
  });

  it('German Excel round trip: ";" everywhere, "# Startdatum: 20250101;;;", "1.200" sessions and "0,4" rates', () => {
    const r = load('ga4_excel_de.csv');
    expect([r.platform, r.detection.delimiter, r.detection.numberFormat]).toEqual(['ga4', ';', 'comma']);
    expect(r.rows.map((x) => [x.date, x.sessions, x.users, x.engagement_rate])).toEqual([
      ['2025-01-01', 1200, 950, 0.6666666667],
      ['2025-01-02', 600, 520, 0.5833333333],
      ['2025-01-03', 300, 280, 0.4],
    ]);
    expect(r.detection.preamble).toMatchObject({ start: '2025-01-01', end: '2025-01-03' });
  });
});
