/**
 * "Use my data" checks a file, before running, against the columns the notebook reads from the
 * dataset: the canonical schema's and those its bundled sample has beyond the schema (issue 13 item 4).
 * Segments module 7 takes a Meta ad set export (Frequency, no frequency bucket, no hides) and runs its
 * fatigue section on it; a notebook that reads the sample's `frequency_bucket` as such is told which
 * section cannot run and why.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { homeSession } from './support/browser';
import { gridRows } from './support/moduleGrid';
import { cellLocator, openNotebookText, runsSettled } from './support/ui';

const SHOTS = process.env.PULSE_SHOTS ?? '/tmp';
const EXPORT = readFileSync('tests/fixtures/exports/meta_adsets_frequency.csv');
const NOTEBOOK = `---
pulse: 1
title: Sample columns e2e
datasets:
  ads: { schema: ad_daily, sample: audience_ad_sets.csv }
---

## Totals

\`\`\`sql totals
SELECT sum(clicks) AS clicks FROM ads
\`\`\`

## Fatigue

\`\`\`sql by_bucket
SELECT frequency_bucket, sum(clicks) AS clicks FROM ads GROUP BY 1
\`\`\`

\`\`\`sql top_bucket
SELECT * FROM by_bucket LIMIT 1
\`\`\`
`;

const s = homeSession();

async function useMyData() {
  const ads = s.page.locator('[data-testid="dataset-binding"][data-dataset="ads"]');
  // Tables stay loaded across notebooks: \`ads\` may still be the file given to the notebook before.
  await expect.poll(() => ads.getAttribute('data-state'), { timeout: 60_000 }).toMatch(/^(sample|user)$/);
  if ((await ads.getAttribute('data-state')) === 'user') await ads.getByTestId('back-to-sample').click();
  await expect.poll(() => ads.getAttribute('data-state'), { timeout: 60_000 }).toBe('sample');
  await ads.getByTestId('use-my-data').setInputFiles({ name: 'meta_adsets_frequency.csv', mimeType: 'text/csv', buffer: EXPORT });
  const fit = ads.getByTestId('dataset-fit');
  await fit.waitFor({ timeout: 30_000 });
  return fit;
}

describe('"Use my data" and the columns of the sample beyond the schema', () => {
  it('names the section whose cell reads a sample column the export lacks, and the cell built on it, before running', async () => {
    await openNotebookText(s.page, 'sample-columns.pulse.md', NOTEBOOK, 'Sample columns e2e');
    const fit = await useMyData();
    expect(await fit.getAttribute('data-fit')).toBe('partial');
    const text = await fit.innerText();
    expect(text).toContain('Checked before running: your file has no values for frequency_bucket, so 2 cells cannot run.');
    expect(text).toContain('Fatigue');
    expect(text).toContain('by_bucket needs frequency_bucket');
    expect(text).toContain('top_bucket builds on by_bucket');
    expect(text).not.toContain('totals');
    await s.page.locator('[data-testid="notebook-datasets"]').screenshot({ path: `${SHOTS}/use-my-data-sample-columns.png` });
  });

  it('segments module 7 fits a Meta ad set export and runs its fatigue section on it', async () => {
    const { page } = s;
    await page.locator('a.brand').click();
    await page.locator('[data-testid="module-card"][data-module="segments-07"]').click();
    const fit = await useMyData();
    expect(await fit.getAttribute('data-fit'), await fit.innerText()).toBe('ok');
    await page.getByTestId('run-all').click();
    await expect.poll(() => cellLocator(page, 'frequency_caps').getAttribute('data-status'), { timeout: 120_000 }).toMatch(/^(ok|error|skipped)$/);
    await runsSettled(page);
    expect(await cellLocator(page, 'frequency_caps').getAttribute('data-status')).toBe('ok');
    // Broad halves every exposure (2 % → 1 % → 0.5 % at frequency 1, 2, 3), retargeting every 5 (from 3 to 8):
    // hand-derived in tests/notebooks/segments-exports.test.ts.
    await cellLocator(page, 'frequency_caps').scrollIntoViewIfNeeded();
    const caps = (await gridRows(page, 'frequency_caps')).map((r) => [r.audience, Number(r.ctr_decay_per_exposure), Number(r.frequency_where_ctr_halves), Number(r.suggested_cap)]);
    expect(caps).toEqual([
      ['Prospecting · broad 25-54', 0.693, 2, 2],
      ['Retargeting · site visitors 30d', 0.139, 8, 8],
    ]);
  });
});
