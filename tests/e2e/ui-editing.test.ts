/**
 * Editing a notebook in the browser: add (buttons and the a / b keys), move, delete, undo, rename and
 * choose the kind of a new cell, checked against the saved .pulse.md text; a failing cell's error is
 * shown at the line and column DuckDB names and marked in the editor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppSession } from './support/browser';
import { cellLocator, cellOrder, editCode, openNotebookText, runsSettled, savedNotebook } from './support/ui';

let s: AppSession;
const cell = (id: string) => cellLocator(s.page, id);

const NOTEBOOK = `---
pulse: 1
title: Editing e2e
---

# Editing

\`\`\`sql first
SELECT 1 AS n
\`\`\`

\`\`\`sql second
SELECT n + 1 AS m FROM first
\`\`\`
`;

beforeAll(async () => {
  s = await openApp('/');
  await openNotebookText(s.page, 'editing.pulse.md', NOTEBOOK, 'Editing e2e');
});
afterAll(async () => {
  const foreign = s?.foreignRequests() ?? [];
  await s?.close();
  expect(foreign).toEqual([]);
});

describe('cell editing', () => {
  it('adds a cell of the chosen kind at the end with the button, and the saved text has it', async () => {
    await s.page.getByTestId('add-cell').click();
    expect(await cellOrder(s.page)).toEqual(['first', 'second', 'sql_1']);
    // The new cell's editor has focus: typing goes into it.
    await s.page.keyboard.press('ControlOrMeta+a');
    await s.page.keyboard.type('SELECT 7 AS seven');
    const text = await savedNotebook(s.page);
    expect(text).toContain('```sql sql_1\nSELECT 7 AS seven\n```\n');
    // The rest of the file keeps its bytes.
    expect(text.startsWith(NOTEBOOK)).toBe(true);
  });

  it('Esc leaves the editor; b and a add cells below and above in command mode; Enter edits', async () => {
    await editCode(s.page, cell('first'));
    await s.page.keyboard.press('Escape');
    expect(await s.page.evaluate(() => document.activeElement?.getAttribute('data-cell-id'))).toBe('first');
    await s.page.keyboard.press('b');
    expect(await cellOrder(s.page)).toEqual(['first', 'sql_2', 'second', 'sql_1']);
    expect(await s.page.evaluate(() => document.activeElement?.getAttribute('data-cell-id'))).toBe('sql_2');
    await s.page.keyboard.press('a');
    expect(await cellOrder(s.page)).toEqual(['first', 'sql_3', 'sql_2', 'second', 'sql_1']);
    await s.page.keyboard.press('Enter');
    await expect.poll(() => s.page.evaluate(() => document.activeElement?.closest('[data-testid="cell"]')?.getAttribute('data-cell-id'))).toBe('sql_3');
    expect(await s.page.evaluate(() => document.activeElement?.classList.contains('cm-content'))).toBe(true);
    const text = await savedNotebook(s.page);
    expect(text.indexOf('```sql sql_3')).toBeGreaterThan(text.indexOf('```sql first'));
    expect(text.indexOf('```sql sql_2')).toBeGreaterThan(text.indexOf('```sql sql_3'));
    expect(text.indexOf('```sql second')).toBeGreaterThan(text.indexOf('```sql sql_2'));
  });

  it('moves a cell up and down', async () => {
    await cell('sql_1').getByTestId('move-up').click();
    expect(await cellOrder(s.page)).toEqual(['first', 'sql_3', 'sql_2', 'sql_1', 'second']);
    await cell('first').getByTestId('move-down').click();
    expect(await cellOrder(s.page)).toEqual(['sql_3', 'first', 'sql_2', 'sql_1', 'second']);
    const text = await savedNotebook(s.page);
    const at = (id: string) => text.indexOf('```sql ' + id + '\n');
    expect(at('sql_3')).toBeLessThan(at('first'));
    expect(at('sql_1')).toBeLessThan(at('second'));
    // Prose does not travel with cells.
    expect(text.indexOf('# Editing')).toBeLessThan(at('sql_3'));
  });

  it('deletes cells, and Undo brings one back', async () => {
    await cell('sql_3').getByTestId('delete-cell').click();
    await cell('sql_2').getByTestId('delete-cell').click();
    expect(await cellOrder(s.page)).toEqual(['first', 'sql_1', 'second']);
    expect(await savedNotebook(s.page)).not.toContain('sql_2');
    await s.page.getByTestId('undo').click();
    expect(await cellOrder(s.page)).toEqual(['first', 'sql_2', 'sql_1', 'second']);
    await cell('sql_2').getByTestId('delete-cell').click();
    expect(await savedNotebook(s.page)).not.toMatch(/sql_2|sql_3/);
  });

  it('renames a cell, refusing a name that is taken', async () => {
    await cell('sql_1').getByTestId('cell-id').click();
    await s.page.getByTestId('rename-input').fill('first');
    await s.page.keyboard.press('Enter');
    await expect.poll(() => s.page.getByRole('alert').first().textContent()).toContain('already called "first"');
    await cell('sql_1').getByTestId('cell-id').click();
    await s.page.getByTestId('rename-input').fill('seven');
    await s.page.keyboard.press('Enter');
    expect(await cellOrder(s.page)).toEqual(['first', 'seven', 'second']);
    expect(await savedNotebook(s.page)).toContain('```sql seven\nSELECT 7 AS seven\n```');
  });

  it('adds a cell of another kind: a checklist shows checkboxes', async () => {
    await s.page.getByTestId('new-kind').selectOption('checklist');
    await s.page.getByTestId('add-cell').click();
    const list = cell('checklist_1');
    expect(await list.getAttribute('data-kind')).toBe('checklist');
    expect(await list.getByTestId('checklist-item').count()).toBe(2);
    expect(await savedNotebook(s.page)).toContain('```checklist checklist_1\n- [ ] first thing to check\n');
  });

  it('runs the edited notebook: reactive re-run reaches the dependent, and manual mode leaves it stale', async () => {
    await s.page.getByTestId('run-all').click();
    await runsSettled(s.page);
    expect(await cell('second').getByTestId('row-count').textContent()).toBe('1');
    await expect.poll(() => cell('second').locator('[data-row="0"] span').nth(1).textContent()).toBe('2');
    // Manual: edit and run `first`; `second` is marked stale, not re-run.
    await s.page.getByTestId('reactive').uncheck();
    await editCode(s.page, cell('first'));
    await s.page.keyboard.press('ControlOrMeta+a');
    await s.page.keyboard.type('SELECT 10 AS n');
    expect(await cell('second').getAttribute('data-status')).toBe('stale');
    await s.page.keyboard.press('Control+Enter');
    await runsSettled(s.page);
    expect(await cell('first').getAttribute('data-status')).toBe('ok');
    expect(await cell('second').getAttribute('data-status')).toBe('stale');
    await s.page.getByTestId('reactive').check();
    await cell('first').getByTestId('run-cell').click();
    await runsSettled(s.page);
    expect(await cell('second').getAttribute('data-status')).toBe('ok');
    await expect.poll(() => cell('second').locator('[data-row="0"] span').nth(1).textContent()).toBe('11');
  });

  it("shows a failing cell's DuckDB error at the line and column it names, marked in the editor", async () => {
    await editCode(s.page, cell('second'));
    await s.page.keyboard.press('ControlOrMeta+a');
    await s.page.keyboard.type('SELECT n,\n  no_such_column + 1 AS m\nFROM first');
    await s.page.keyboard.press('Control+Enter');
    await runsSettled(s.page);
    expect(await cell('second').getAttribute('data-status')).toBe('error');
    expect(await cell('second').getByTestId('error-position').textContent()).toBe('Line 2, column 3:');
    expect(await cell('second').getByTestId('cell-error').textContent()).toMatch(/Binder Error.*no_such_column/);
    const marked = cell('second').locator('.cm-lintRange-error');
    await expect.poll(() => marked.count()).toBe(1);
    expect(await marked.textContent()).toBe('no_such_column');
    // The other cells keep their results.
    expect(await cell('first').getAttribute('data-status')).toBe('ok');
    await s.page.screenshot({ path: '/tmp/ui-editing-error.png', fullPage: true });
    // Fixing it clears the mark.
    await s.page.keyboard.press('ControlOrMeta+a');
    await s.page.keyboard.type('SELECT n + 1 AS m FROM first');
    await s.page.keyboard.press('Control+Enter');
    await runsSettled(s.page);
    expect(await cell('second').getAttribute('data-status')).toBe('ok');
    expect(await marked.count()).toBe(0);
  });

  it('logged no page errors', () => {
    const unexpected = s.errors.filter((e) => !/CSP script-src blocked eval/.test(e));
    expect(unexpected.map((e) => e.slice(0, 600))).toEqual([]);
  });
});
