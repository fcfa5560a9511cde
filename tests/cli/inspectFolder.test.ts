/**
 * `npm run inspect-folder -- DIR` (issue 11, item 10): one line per export of a folder. Expected
 * values are the fixtures' hand-computed sums, as in tests/cli/inspect.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectFolder } from '../../src/cli/commands/inspectFolder.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string) => join(ROOT, 'tests/fixtures/exports', name);

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-folder-'));
  for (const f of ['tiktok_ads.csv', 'ga4_weekly.csv', 'tiktok_ads.xlsx', 'meta_ads_daily.csv']) copyFileSync(fixture(f), join(dir, f));
  writeFileSync(join(dir, 'empty.csv'), '');
  writeFileSync(join(dir, 'notes.md'), '# not an export');
  return dir;
}

describe('inspect-folder', () => {
  it('prints one line per export: platform, rows, dates, totals, warnings; an unreadable file says why', () => {
    let stdout = '';
    const code = inspectFolder(folder(), { stdout: (s) => (stdout += s), stderr: () => {} });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(6); // five exports (notes.md is passed over) and the count
    const byFile = new Map(lines.slice(0, -1).map((l) => [l.split(' | ')[0], l.split(' | ')]));
    // tiktok_ads.csv: 4 rows 2024-04-01/02; impressions 160,093, destination clicks 1,838, cost 351.20 USD, 51 conversions.
    expect(byFile.get('tiktok_ads.csv')!.slice(0, 5)).toEqual(['tiktok_ads.csv', 'tiktok (tiktok_ads_manager)', '4 rows', '2024-04-01 to 2024-04-02', 'impressions 160,093, clicks 1,838, spend 351.2 USD, conversions 51']);
    // Its 8 columns outside ad_daily are kept and said so; it has no engagement, autoplay or conversion value columns.
    expect(byFile.get('tiktok_ads.csv')![5]).toMatch(/^2 warnings: kept 8 column\(s\) the ad_daily schema does not name, as extra columns: "Frequency" as frequency/);
    // ga4_weekly.csv: five weeks of January 2024; key events 37 + 51 + 49 + 58 + 30 = 225.
    expect(byFile.get('ga4_weekly.csv')!.slice(1, 5)).toEqual(['ga4 (ga4_report)', '5 rows', '2024-01-01 to 2024-01-31', 'conversions 225']);
    expect(byFile.get('ga4_weekly.csv')![5]).toMatch(/^2 warnings: rows are weeks/); // and the metrics it lacks
    expect(byFile.get('meta_ads_daily.csv')![5]).toMatch(/^3 warnings: no purchase or lead column/); // and the columns kept, the metrics it lacks
    expect(byFile.get('tiktok_ads.xlsx')![4]).toBe('impressions 186,569, clicks 2,211, spend 493.9 EUR, conversions 61');
    expect(byFile.get('empty.csv')).toEqual(['empty.csv', 'ERROR: the file is empty (0 bytes): download the export again']);
    expect(lines.at(-1)).toBe('4 of 5 files read, 1 could not be');
    expect(code).toBe(1);
  });

  it('a missing folder or no argument is exit 2 with a message', () => {
    let stderr = '';
    expect(inspectFolder('/nonexistent/dir', { stdout: () => {}, stderr: (s) => (stderr += s) })).toBe(2);
    expect(stderr).toMatch(/cannot read \/nonexistent\/dir: no such folder/);
    expect(inspectFolder(undefined, { stdout: () => {}, stderr: () => {} })).toBe(2);
  });

  it('runs as `npm run inspect-folder -- DIR`', () => {
    const r = spawnSync('npm', ['run', '-s', 'inspect-folder', '--', folder()], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^ga4_weekly\.csv \| ga4 \(ga4_report\) \| 5 rows/m);
    expect(r.stdout).toMatch(/4 of 5 files read/);
  });
});
