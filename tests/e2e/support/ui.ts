/** Helpers for the UI tests (tests/e2e/ui-*.test.ts): open a notebook, find cells, read downloads. */
import type { Download, Page } from 'playwright-core';

/** Open a notebook from its text through the home page's file input, and wait for its title. */
export async function openNotebookText(page: Page, fileName: string, text: string, title: string): Promise<void> {
  await page.goto(new URL('/#/', page.url()).href);
  await page.getByTestId('open-notebook').setInputFiles({ name: fileName, mimeType: 'text/markdown', buffer: Buffer.from(text) });
  await page.locator('h1', { hasText: title }).waitFor();
}

export const cellLocator = (page: Page, id: string) => page.locator(`[data-testid="cell"][data-cell-id="${id}"]`);

/** Cell ids in page order. */
export async function cellOrder(page: Page): Promise<string[]> {
  return page.locator('[data-testid="cell"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-cell-id') ?? ''));
}

/** Click `trigger` and return the download it starts, with its bytes. */
export async function download(page: Page, trigger: () => Promise<unknown>): Promise<{ name: string; bytes: Buffer; text: string; download: Download }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), trigger()]);
  // The browser runs behind a remote connection, so the file comes as a stream, not a local path.
  const chunks: Buffer[] = [];
  for await (const c of await dl.createReadStream()) chunks.push(c as Buffer);
  const bytes = Buffer.concat(chunks);
  return { name: dl.suggestedFilename(), bytes, text: bytes.toString('utf8'), download: dl };
}

/** The saved notebook text, as the "Notebook (.pulse.md)" button downloads it. */
export async function savedNotebook(page: Page): Promise<string> {
  return (await download(page, () => page.getByTestId('download-notebook').click())).text;
}

/** Wait until no cell is queued or running. */
export async function runsSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[data-testid="cell"][data-status="queued"], [data-testid="cell"][data-status="running"]'), null, { timeout: 60_000 });
}

/**
 * Click into a cell's code to edit it, and wait for the caret. A cell's CodeMirror editor is built when
 * it comes near the screen or is clicked (src/ui/cells/CodeEditor.svelte); until then the code shows as
 * text, and the click makes it the editor with the caret where it landed.
 */
export async function editCode(page: Page, scope: ReturnType<Page['locator']>): Promise<void> {
  // The editor's text area once it is built, or the code shown in its place before.
  await scope.locator('.cm-content, [data-testid="code-text"]').first().click();
  await scope
    .locator('.cm-editor.cm-focused')
    .first()
    .waitFor({ timeout: 15_000 })
    .catch(async (e: unknown) => {
      const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 300) ?? 'nothing');
      const code = await scope.getByTestId('cell-code').first().evaluate((el) => el.outerHTML.slice(0, 600));
      throw new Error(`the code editor did not take the focus after a click; focused: ${focused}; the code: ${code}`, { cause: e });
    });
}

/** The code a cell (or an exercise's answer) shows, line by line, whether its editor is built yet or not. */
export function shownCode(scope: ReturnType<Page['locator']>): Promise<string> {
  return scope
    .getByTestId('cell-code')
    .first()
    .evaluate((el) => {
      const lines = el.querySelectorAll('.cm-content .cm-line');
      if (lines.length > 0) return [...lines].map((l) => l.textContent ?? '').join('\n');
      return el.querySelector('[data-testid="code-text"] pre.text')?.textContent ?? '';
    });
}
