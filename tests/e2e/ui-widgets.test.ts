/**
 * The non-SQL kinds as a person uses them: input cells as controls whose change re-runs the cells that
 * read `${id}`, checklist ticks written back into the notebook text, a decision as a card, and an
 * analysis cell's YAML editor with its result grid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppSession } from './support/browser';
import { cellLocator, openNotebookText, runsSettled, savedNotebook, shownCode } from './support/ui';

let s: AppSession;
const cell = (id: string) => cellLocator(s.page, id);
const firstRow = (id: string) => cell(id).locator('[data-row="0"] span');

const NOTEBOOK = `---
pulse: 1
title: Widgets e2e
---

\`\`\`input threshold
type: number
label: Threshold
default: 10
min: 0
max: 100
\`\`\`

\`\`\`input channel
type: select
options: [email, search, social]
default: search
\`\`\`

\`\`\`input window
type: daterange
default: [2024-06-01, 2024-06-30]
\`\`\`

\`\`\`sql doubled
SELECT \${threshold} * 2 AS twice, \${channel} AS ch, CAST(\${window.end} AS DATE) - CAST(\${window.start} AS DATE) AS days
\`\`\`

\`\`\`sql variants
SELECT * FROM (VALUES ('control', 100, 1000), ('variant_b', 130, 1000)) t(variant, clicks, impressions)
\`\`\`

\`\`\`ab-test lift
from: variants
group: variant
successes: clicks
trials: impressions
control: control
alpha: 0.05
\`\`\`

\`\`\`checklist before_calling_it
- [ ] Both variants ran over the same days
- [x] The test reached its planned sample size
\`\`\`

\`\`\`decision ship_variant
question: Ship the new creative to all traffic?
options: [ship variant_b, keep control]
chosen: ship variant_b
rationale: Lift is significant at alpha 0.05
owner: Dana
\`\`\`
`;

beforeAll(async () => {
  s = await openApp('/');
  await openNotebookText(s.page, 'widgets.pulse.md', NOTEBOOK, 'Widgets e2e');
  await s.page.getByTestId('run-all').click();
  await runsSettled(s.page);
});
afterAll(async () => {
  const foreign = s?.foreignRequests() ?? [];
  await s?.close();
  expect(foreign).toEqual([]);
});

describe('cell widgets', () => {
  it('shows inputs as controls with their defaults, read by the SQL cell', async () => {
    expect(await cell('threshold').getByTestId('input-value').inputValue()).toBe('10');
    expect(await cell('channel').getByTestId('input-value').inputValue()).toBe('search');
    expect(await cell('window').getByTestId('input-start').inputValue()).toBe('2024-06-01');
    await expect.poll(async () => (await firstRow('doubled').allTextContents()).slice(1)).toEqual(['20', 'search', '29']);
  });

  it('changing a number input re-runs its readers with the new value', async () => {
    await cell('threshold').getByTestId('input-value').fill('21');
    await cell('threshold').getByTestId('input-value').press('Enter');
    await expect.poll(async () => (await firstRow('doubled').allTextContents())[1], { timeout: 20_000 }).toBe('42');
    expect(await cell('doubled').getAttribute('data-status')).toBe('ok');
    // A value out of bounds is refused with a message; the readers keep the last good value.
    await cell('threshold').getByTestId('input-value').fill('500');
    await cell('threshold').getByTestId('input-value').press('Enter');
    expect(await cell('threshold').getByRole('alert').textContent()).toMatch(/at most 100/);
    expect((await firstRow('doubled').allTextContents())[1]).toBe('42');
  });

  it('select and date range inputs re-run their readers too', async () => {
    await cell('channel').getByTestId('input-value').selectOption('social');
    await expect.poll(async () => (await firstRow('doubled').allTextContents())[2], { timeout: 20_000 }).toBe('social');
    await cell('window').getByTestId('input-end').fill('2024-06-11');
    await expect.poll(async () => (await firstRow('doubled').allTextContents())[3], { timeout: 20_000 }).toBe('10');
  });

  it('a checklist tick changes the notebook text', async () => {
    const items = cell('before_calling_it').getByTestId('checklist-item');
    expect(await items.nth(0).isChecked()).toBe(false);
    expect(await items.nth(1).isChecked()).toBe(true);
    await items.nth(0).check();
    await items.nth(1).uncheck();
    const text = await savedNotebook(s.page);
    expect(text).toContain('```checklist before_calling_it\n- [x] Both variants ran over the same days\n- [ ] The test reached its planned sample size\n```');
    // Only those two characters changed.
    expect(text.replace('- [x] Both', '- [ ] Both').replace('- [ ] The test', '- [x] The test')).toBe(NOTEBOOK);
  });

  it('shows a decision as a readable card', async () => {
    const card = cell('ship_variant').getByTestId('decision-card');
    expect(await card.locator('h3').textContent()).toBe('Ship the new creative to all traffic?');
    expect(await card.locator('.chosen').textContent()).toContain('ship variant_b');
    expect(await card.textContent()).toContain('Lift is significant at alpha 0.05');
    expect(await card.textContent()).toMatch(/decided/i);
  });

  it('an analysis cell shows its YAML editor and its result grid', async () => {
    expect(await cell('lift').getAttribute('data-status')).toBe('ok');
    expect(await shownCode(cell('lift'))).toContain('successes: clicks');
    const grid = cell('lift').getByTestId('result-grid');
    await grid.waitFor();
    expect(await grid.locator('.head').textContent()).toMatch(/group[\s\S]*successes[\s\S]*trials/);
    // One row per variant against the control: group, control, successes, trials, control's successes, trials …
    await expect.poll(async () => (await grid.locator('[data-row="0"] span').allTextContents()).slice(1, 7)).toEqual(['variant_b', 'control', '130', '1,000', '100', '1,000']);
    await s.page.screenshot({ path: '/tmp/ui-widgets.png', fullPage: true });
  });

  it('logged no page errors', () => {
    const unexpected = s.errors.filter((e) => !/CSP script-src blocked eval/.test(e));
    expect(unexpected.map((e) => e.slice(0, 600))).toEqual([]);
  });
});
