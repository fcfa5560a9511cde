/**
 * Tables stay loaded across notebooks in the browser. A cell named like a dataset that ANOTHER
 * notebook declared is this notebook's cell: it runs, the cells reading it read its result, and the
 * other notebook, opened again, reads its own data (its sample bound again), not the cell's result.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { homeSession } from './support/browser';
import { cellLocator, openNotebookText, runsSettled } from './support/ui';

const SAMPLE = 'audience_posts.csv';
/** Data rows of the bundled sample (its lines less the header), counted here from the file. */
const SAMPLE_ROWS = readFileSync(`public/sample/${SAMPLE}`, 'utf8').split('\n').filter((l) => l.trim() !== '').length - 1;

const DECLARES = `---\npulse: 1\ntitle: Declares shared_posts\ndatasets:\n  shared_posts: ${SAMPLE}\n---\n\n\`\`\`sql post_count\nSELECT count(*) AS n FROM shared_posts\n\`\`\`\n`;
const SHADOWS = `---\npulse: 1\ntitle: Shadows shared_posts\n---\n\n\`\`\`sql shared_posts\nSELECT 42 AS answer\n\`\`\`\n\n\`\`\`sql reader\nSELECT answer + 1 AS next FROM shared_posts\n\`\`\`\n`;

const s = homeSession();

async function runAll(ids: string[]) {
  const { page } = s;
  await page.getByTestId('run-all').click();
  for (const id of ids) await expect.poll(() => cellLocator(page, id).getAttribute('data-status'), { timeout: 90_000 }).toMatch(/^(ok|error|skipped)$/);
  await runsSettled(page);
}

const grid = (id: string) => cellLocator(s.page, id).getByTestId('result-grid').innerText();

describe('a cell named like another notebook\'s dataset', () => {
  it('the first notebook binds its dataset from the sample', async () => {
    await openNotebookText(s.page, 'declares.pulse.md', DECLARES, 'Declares shared_posts');
    await runAll(['post_count']);
    expect(await cellLocator(s.page, 'post_count').getAttribute('data-status')).toBe('ok');
    expect(await grid('post_count')).toContain(String(SAMPLE_ROWS));
  });

  it('a second notebook runs its cell of that name while the table is still loaded, and its reader reads the cell', async () => {
    await openNotebookText(s.page, 'shadows.pulse.md', SHADOWS, 'Shadows shared_posts');
    await runAll(['shared_posts', 'reader']);
    const err = await cellLocator(s.page, 'shared_posts').innerText();
    expect(await cellLocator(s.page, 'shared_posts').getAttribute('data-status'), err).toBe('ok');
    expect(await cellLocator(s.page, 'reader').getAttribute('data-status')).toBe('ok');
    expect(await grid('reader')).toMatch(/\b43\b/);
    await s.page.screenshot({ path: `${process.env.PULSE_SHOTS ?? '/tmp'}/shadow-tables.png` });
  });

  it('the first notebook, opened again, reads its own data, not the cell\'s result', async () => {
    await openNotebookText(s.page, 'declares.pulse.md', DECLARES, 'Declares shared_posts');
    await runAll(['post_count']);
    expect(await cellLocator(s.page, 'post_count').getAttribute('data-status')).toBe('ok');
    expect(await grid('post_count')).toContain(String(SAMPLE_ROWS));
  });

  it('opening the second notebook again without running it (its kept result shown) leaves the first one its data', async () => {
    await openNotebookText(s.page, 'shadows.pulse.md', SHADOWS, 'Shadows shared_posts');
    await cellLocator(s.page, 'shared_posts').waitFor();
    await openNotebookText(s.page, 'declares.pulse.md', DECLARES, 'Declares shared_posts');
    await runAll(['post_count']);
    const err = await cellLocator(s.page, 'post_count').innerText();
    expect(await cellLocator(s.page, 'post_count').getAttribute('data-status'), err).toBe('ok');
    expect(await grid('post_count')).toContain(String(SAMPLE_ROWS));
  });
});
