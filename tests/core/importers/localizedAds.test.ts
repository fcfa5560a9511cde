/**
 * Ads exports as users outside the US download them: the interface language sets the headers, the
 * locale sets the delimiter, the decimal mark and the date order. Each fixture under
 * tests/fixtures/exports/ was written by hand for these tests in the layout /work/shared/exports.md
 * describes for the platform (Meta Ads Manager "Export table data", Google Ads report download with its
 * title and range lines and `Total:` rows, LinkedIn Campaign Manager's report with its preamble, TikTok's
 * `Total of N results` row), with headers as the platform's interface labels them in that language, and
 * our own values. Expected numbers are added up by hand from the fixture text; the sums are written out
 * beside each assertion.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importExport, sumColumn, type ImportResult } from '../../../src/core/importers/index.ts';

const load = (name: string): ImportResult => importExport(new Uint8Array(readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url))), name);
const sum = (r: ImportResult, column: string) => {
  const s = sumColumn(r.rows, column);
  return s === null ? null : Math.round(s * 100) / 100;
};
const dates = (r: ImportResult) => [...new Set(r.rows.map((x) => `${x.date}..${x.date_end}`))];

describe('Meta Ads Manager in other interface languages', () => {
  it('German: BOM, ";", "1.234,56", DD.MM.YYYY, Alter / Geschlecht breakdown, an empty trailing column', () => {
    const r = load('meta_ads_de.csv');
    expect([r.platform, r.layout, r.detection.delimiter, r.detection.numberFormat]).toEqual(['meta', 'meta_ads_manager', ';', 'comma']);
    expect(r.rows).toHaveLength(3);
    expect(sum(r, 'spend')).toBe(2237.01); // 1234.56 + 987.40 + 15.05
    expect(sum(r, 'impressions')).toBe(86500); // 45678 + 40010 + 812
    expect(sum(r, 'clicks')).toBe(1950); // 1102 + 845 + 3 (Link-Klicks)
    expect(sum(r, 'reach')).toBe(39840); // 20100 + 18950 + 790
    expect(r.rows.map((x) => [x.age, x.gender])).toEqual([['18-24', 'female'], ['18-24', 'male'], ['25-34', 'female']]);
    expect(dates(r)).toEqual(['2025-02-01..2025-02-28']);
    expect(new Set(r.rows.map((x) => x.currency))).toEqual(new Set(['EUR']));
    // Ergebnisse counts purchases on every row that has results: 12 + 9.
    expect(sum(r, 'conversions')).toBe(21);
    expect(r.keptColumns?.map((k) => k.column)).toEqual(['frequenz', 'ctr_link_klickrate']);
    expect(r.rows[0]!.frequenz).toBeCloseTo(2.27253731, 8);
  });

  it('Brazilian Portuguese: "R$ 2.345,67" is BRL 2345.67, not USD; DD/MM/YYYY decided by the 31st', () => {
    const r = load('meta_ads_ptbr.csv');
    expect([r.platform, r.layout]).toEqual(['meta', 'meta_ads_manager']);
    expect(sum(r, 'spend')).toBe(3350); // 2345.67 + 1004.33
    expect(sum(r, 'impressions')).toBe(177777); // 123456 + 54321
    expect(sum(r, 'clicks')).toBe(3308); // 2310 + 998 (Cliques no link)
    expect(sum(r, 'all_clicks')).toBe(4506); // 3004 + 1502
    expect(new Set(r.rows.map((x) => x.currency))).toEqual(new Set(['BRL']));
    expect(dates(r)).toEqual(['2025-03-01..2025-03-31']);
    expect(r.rows.map((x) => x.ctr_todos)).toEqual([2.43325, 2.765]);
  });

  it('Spanish with a Día breakdown, Italian tab-separated, Dutch semicolon-separated', () => {
    const es = load('meta_ads_es.csv');
    expect([es.platform, sum(es, 'spend'), sum(es, 'impressions'), sum(es, 'clicks')]).toEqual(['meta', 2000, 19500, 230]); // 1000.50 + 999.50; 10000 + 9500; 120 + 110
    expect(dates(es)).toEqual(['2025-01-05..2025-01-05', '2025-01-06..2025-01-06']);
    const it_ = load('meta_ads_it.csv');
    expect([it_.platform, it_.detection.delimiter, sum(it_, 'spend'), sum(it_, 'impressions'), sum(it_, 'clicks'), sum(it_, 'reach')]).toEqual(['meta', '\t', 600, 30500, 395, 14100]); // 512.30 + 87.70; 25000 + 5500; 300 + 95; 12000 + 2100
    expect(dates(it_)).toEqual(['2025-04-01..2025-04-30']);
    const nl = load('meta_ads_nl.csv');
    expect([nl.platform, sum(nl, 'spend'), sum(nl, 'impressions'), sum(nl, 'clicks')]).toEqual(['meta', 2000, 100000, 1200]); // 1100.25 + 899.75; 60000 + 40000; 700 + 500
    expect(new Set([...es.rows, ...it_.rows, ...nl.rows].map((x) => x.currency))).toEqual(new Set(['EUR']));
  });

  it('English with "Amount Spent (EUR)", Platform and Placement breakdowns, and the header repeated mid-file', () => {
    const r = load('meta_ads_en_repeated_header.csv');
    expect(r.rows).toHaveLength(3);
    expect(sum(r, 'spend')).toBe(170); // 100.50 + 49.50 + 20.00
    expect(sum(r, 'impressions')).toBe(17000); // 10000 + 5000 + 2000
    expect(sum(r, 'clicks')).toBe(235); // 150 + 60 + 25
    expect(r.rows.map((x) => x.placement)).toEqual(['Feed', 'Stories', 'Feed']);
    expect(r.rows.map((x) => x.extra_platform)).toEqual(['facebook', 'instagram', 'facebook']);
    expect(r.skipped).toEqual([{ first: 4, last: 4, reason: expect.stringContaining('header repeated') }]);
    expect(r.warnings.join('\n')).toContain('line 4 repeats the header');
    expect(r.warnings.join('\n')).not.toMatch(/not BIGINT|not DOUBLE|not DATE/);
  });
});

describe('day/month order when no day is above 12', () => {
  it('en-GB daily rows 01/03 … 04/03 are 1–4 March (3 days), not four months apart, and the reason is said', () => {
    const r = load('meta_ads_uk_daily.csv');
    expect(r.rows.map((x) => x.date)).toEqual(['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04']);
    expect(new Set(r.rows.map((x) => x.currency))).toEqual(new Set(['GBP']));
    // As MM/DD the dates would be 3 January … 3 April 2025: 90 days apart.
    expect(r.warnings.join('\n')).toContain('read as DD/MM/YYYY, under which the dates span 3 days (as MM/DD/YYYY they would span 90)');
  });

  it('two dates alone stay ambiguous and are flagged', () => {
    const csv = 'Day,Campaign name,Amount spent (GBP),Impressions,Link clicks\n01/03/2025,A,1,10,1\n02/03/2025,A,1,10,1\n';
    const r = importExport(new TextEncoder().encode(csv), 'meta.csv');
    expect(r.warnings.join('\n')).toContain('are ambiguous');
  });
});

describe('Google Ads report downloads in other languages', () => {
  it('German "CSV for Excel": UTF-16 LE, tabs, "1.234,56", a "1. Juli 2025 - 31. Juli 2025" range, " --", Gesamt rows', () => {
    const r = load('google_ads_de_utf16.csv');
    expect([r.platform, r.layout, r.detection.encoding, r.detection.delimiter, r.detection.numberFormat]).toEqual(['google_ads', 'google_ads_campaign_report', 'utf-16le', '\t', 'comma']);
    expect(r.rows.map((x) => x.campaign)).toEqual(['Marke - Exakt', 'Generisch', 'Display Remarketing']);
    expect(sum(r, 'spend')).toBe(3883.2); // 780.64 + 2947.56 + 155.00
    expect(sum(r, 'impressions')).toBe(150592); // 12480 + 48112 + 90000
    expect(sum(r, 'clicks')).toBe(4447); // 1904 + 2233 + 310
    expect(r.rows.map((x) => x.engagements)).toEqual([1904, 2233, null]); // " --" is no value
    expect(dates(r)).toEqual(['2025-07-01..2025-07-31']);
    expect(new Set(r.rows.map((x) => x.currency))).toEqual(new Set(['EUR']));
    expect(r.totalsCheck).toMatchObject({ status: 'match', label: 'Gesamt: Konto' });
    expect(r.skipped.filter((s) => s.reason.startsWith('summary row')).map((s) => s.first)).toEqual([7, 8, 9]);
  });

  it('French: "Total : compte", narrow and plain spaces as thousands separators, "15,26 %"', () => {
    const r = load('google_ads_fr.csv');
    expect([r.platform, r.rows.length]).toEqual(['google_ads', 2]);
    expect(sum(r, 'spend')).toBe(3728.2); // 780.64 + 2947.56
    expect(sum(r, 'impressions')).toBe(60592); // 12480 + 48112
    expect(sum(r, 'clicks')).toBe(4137); // 1904 + 2233
    expect(sum(r, 'conversions')).toBe(310.83); // 212.5 + 98.33
    expect(dates(r)).toEqual(['2025-07-01..2025-07-31']);
    expect(r.totalsCheck).toMatchObject({ status: 'match', label: 'Total : compte' });
    // An accented header keeps its letters in the extra column's name.
    expect(r.keptColumns?.find((k) => k.header === 'État de la campagne')?.column).toBe('etat_de_la_campagne');
  });

  it('a manager account\'s "Cost (Converted currency)" is the spend; "All time" gives no range', () => {
    const csv = 'Campaign report\nAll time\nCampaign,Campaign type,Impr.,Clicks,Cost (Converted currency),Interactions\nA,Search,"1,000",50,25.50,50\nB,Display,"3,000",20,4.50,20\nTotal: Account,,"4,000",70,30.00,70\n';
    const r = importExport(new TextEncoder().encode(csv), 'Campaign report.csv');
    expect([r.platform, sum(r, 'spend'), sum(r, 'impressions'), sum(r, 'clicks')]).toEqual(['google_ads', 30, 4000, 70]); // 25.50 + 4.50; 1000 + 3000; 50 + 20
    expect(r.rows.map((x) => x.date)).toEqual([null, null]);
    expect(r.totalsCheck.status).toBe('match');
  });

  it('English with a Day segment written "Sun, Jan 5, 2025"', () => {
    const r = load('google_ads_daily.csv');
    expect(r.rows.map((x) => x.date)).toEqual(['2025-01-05', '2025-01-06', '2025-01-06']);
    expect([sum(r, 'spend'), sum(r, 'impressions'), sum(r, 'clicks')]).toEqual([115, 4500, 190]); // 40 + 45 + 30; 1200 + 1300 + 2000; 80 + 90 + 20
    expect(r.rows.map((x) => x.conversions)).toEqual([3.5, 4, null]);
    expect(r.warnings.join('\n')).not.toContain('not DATE');
  });
});

describe('Other ads managers', () => {
  it('TikTok weekly report: "2025-01-06 - 2025-01-12" periods become date and date_end; "Cost (EUR)" with decimal commas', () => {
    const r = load('tiktok_ads_weekly.csv');
    expect([r.platform, r.rows.length]).toEqual(['tiktok', 2]);
    expect(dates(r)).toEqual(['2025-01-06..2025-01-12', '2025-01-13..2025-01-19']);
    expect([sum(r, 'spend'), sum(r, 'impressions'), sum(r, 'clicks'), sum(r, 'conversions')]).toEqual([2200, 219000, 2500, 60]); // 1204.50 + 995.50; 120300 + 98700; 1450 + 1050; 35 + 25
    expect(r.totalsCheck.status).toBe('match');
    expect(r.warnings.filter((w) => w.includes('holds periods'))).toHaveLength(1);
  });

  it('TikTok in German: Kosten, Impressionen, Klicks (Ziel), DD.MM.YYYY, a "Gesamt" row', () => {
    const r = load('tiktok_ads_de.csv');
    expect([r.platform, r.layout]).toEqual(['tiktok', 'tiktok_ads_manager']);
    expect(r.rows.map((x) => [x.date, x.campaign, x.ad_group, x.currency])).toEqual([['2025-01-06', 'Neujahr', 'Breit', 'EUR'], ['2025-01-07', 'Neujahr', 'Breit', 'EUR']]);
    expect([sum(r, 'spend'), sum(r, 'impressions'), sum(r, 'clicks'), sum(r, 'conversions')]).toEqual([2200, 219000, 2500, 60]); // 1204.50 + 995.50; 120300 + 98700; 1450 + 1050; 35 + 25
    expect(r.totalsCheck).toMatchObject({ status: 'match', label: 'Gesamt' });
  });

  it('LinkedIn with M/D/YYYY, a withheld impression count and a Total row', () => {
    const r = load('linkedin_campaigns_total.csv');
    expect(r.rows.map((x) => [x.date, x.impressions, x.campaign_id])).toEqual([['2025-01-13', 40000, '612345678'], ['2025-01-14', null, '612345679']]);
    expect([sum(r, 'spend'), sum(r, 'clicks'), sum(r, 'all_clicks')]).toEqual([1275.75, 412, 604]); // 1250.75 + 25; 410 + 2; 600 + 4
    expect(r.totalsCheck).toMatchObject({ status: 'match', label: 'Total' });
  });

  it('X Ads saved as Windows-1252 (€ and é) with "Reposts" and decimal commas', () => {
    const r = load('x_ads_cp1252.csv');
    expect([r.platform, r.detection.encoding]).toEqual(['x', 'windows-1252']);
    expect(r.rows[0]!.campaign).toBe('Printemps € soldés');
    expect([sum(r, 'spend'), sum(r, 'impressions'), sum(r, 'clicks'), sum(r, 'all_clicks')]).toEqual([2000, 80000, 500, 700]); // 1234.50 + 765.50; 50000 + 30000; 300 + 200; 420 + 280
    expect(r.rows.map((x) => x.reposts)).toEqual([40, 20]);
  });
});
