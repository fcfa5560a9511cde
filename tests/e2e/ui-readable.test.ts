/**
 * What a person sees in the notebook (issue 13 items 1, 2, 3, 8): numbers formatted by what they are,
 * a grid whose names, header and row numbers stay readable, analysis verdicts above their table,
 * charts with legends, unclipped labels and their top 40 bars, errors told against the cell's own
 * text, and the keyboard and header details. Screenshots go to $PULSE_SHOTS (default /tmp/nbux-shots)
 * for a person to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppSession } from './support/browser';
import { cellLocator, cellOrder, editCode, openNotebookText, runsSettled, savedNotebook } from './support/ui';

const SHOTS = process.env.PULSE_SHOTS ?? '/tmp/nbux-shots';
let s: AppSession;
const cell = (id: string) => cellLocator(s.page, id);

const TITLE = 'Click-through rates across every platform we advertise on, by campaign, week and creative variant';
const NOTEBOOK = `---
pulse: 1
title: ${TITLE}
params:
  launch_day: "2026-03-05"
---

\`\`\`sql wide
-- format: ctr=percent
SELECT 'Campaign ' || i AS campaign_name, (49987.97 + i)::DOUBLE AS spend, (1234567 + i)::BIGINT AS impressions,
  (0.012345 + i / 100000)::DOUBLE AS ctr, 3.14159265::DOUBLE AS pi_estimate, i AS c01, i AS c02, i AS c03, i AS c04, i AS c05, i AS c06, i AS c07, i AS c08, 'EUR' AS currency
FROM range(200) t(i)
\`\`\`

\`\`\`sql trial
SELECT * FROM (VALUES ('control', 48, 80), ('new', 56, 70)) v(arm, conv, users)
\`\`\`

\`\`\`ab-test lift
from: trial
group: arm
successes: conv
trials: users
control: control
\`\`\`

\`\`\`sql by_campaign
SELECT 'Campaign number ' || i || CASE WHEN i = 30 THEN ' — spring retargeting lookalike audience' ELSE '' END AS campaign, (i * 37) % 101 AS clicks,
  CASE WHEN i % 2 = 0 THEN 'meta' ELSE 'linkedin' END AS platform
FROM range(55) t(i)
\`\`\`

\`\`\`plot bars
from: by_campaign
mark: barX
x: clicks
y: campaign
fill: platform
\`\`\`

\`\`\`plot columns
from: by_campaign
mark: barY
x: campaign
y: clicks
\`\`\`

\`\`\`sql daily_clicks
SELECT DATE '2026-03-01' + CAST(i AS INTEGER) AS day, 100 + i * 3 AS clicks, 90 + i * 2 AS baseline FROM range(10) t(i)
\`\`\`

\`\`\`plot daily_chart
from: daily_clicks
marks:
  - { mark: lineY, x: day, y: clicks, stroke: steelblue }
  - { mark: lineY, x: day, y: baseline, stroke: orange }
rule_x:
  at: \${launch_day}
  label: campaign starts
\`\`\`

\`\`\`sql exact
SELECT 49987.97 AS amount, 1234567.891 AS big_decimal
\`\`\`

\`\`\`sql broken
SELECT campaing, count(*) AS n
FROM by_campaign
GROUP BY 1
\`\`\`
`;

beforeAll(async () => {
  s = await openApp('/');
  await openNotebookText(s.page, 'readable.pulse.md', NOTEBOOK, TITLE);
  await s.page.getByTestId('run-all').click();
  await runsSettled(s.page);
});
afterAll(async () => {
  const foreign = s?.foreignRequests() ?? [];
  await s?.close();
  expect(foreign).toEqual([]);
});

describe('results a person can read', () => {
  it('formats numbers by what they are, with the full value on hover', async () => {
    const grid = cell('wide').getByTestId('result-grid');
    const row0 = grid.locator('[data-row="0"] span');
    // Money with its currency from the row's currency column.
    await expect.poll(() => row0.nth(2).textContent()).toBe('49,987.97 EUR');
    expect(await row0.nth(3).textContent()).toBe('1,234,567');
    expect(await row0.nth(4).textContent()).toBe('1.23 %');
    expect(await row0.nth(4).getAttribute('title')).toBe('0.012345');
    expect(await row0.nth(5).textContent()).toBe('3.14');
    expect(await row0.nth(5).getAttribute('title')).toBe('3.14159265');
  });

  it('shows whole column names with their type on hover, resizable, header and row numbers in place', async () => {
    const grid = cell('wide').getByTestId('result-grid');
    const heads = grid.getByTestId('grid-column');
    const row0Title = () => grid.locator('[data-row="0"] span').nth(2).getAttribute('title');
    const name = heads.nth(0);
    expect(await name.textContent()).toBe('campaign_name');
    // Not cut with an ellipsis: the label fits its column.
    expect(await name.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    expect(await heads.nth(1).getAttribute('title')).toBe('spend · DOUBLE · money');
    expect(await row0Title()).toBe('49987.97');
    expect(await heads.nth(3).getAttribute('title')).toBe('ctr · DOUBLE · percent');
    // Resize: drag the right edge of `spend` 120 px.
    const before = (await heads.nth(1).boundingBox())!;
    const edge = (await heads.nth(1).getByTestId('grid-resize').boundingBox())!;
    await s.page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
    await s.page.mouse.down();
    await s.page.mouse.move(edge.x + 120, edge.y + edge.height / 2, { steps: 4 });
    await s.page.mouse.up();
    const after = (await heads.nth(1).boundingBox())!;
    expect(Math.round(after.width - before.width)).toBeGreaterThanOrEqual(110);
    // Scroll down and sideways: the header and the row numbers stay where they were.
    const box = (await grid.boundingBox())!;
    await grid.evaluate((e) => {
      e.scrollTop = 26 * 50;
      e.scrollLeft = 400;
      e.dispatchEvent(new Event('scroll'));
    });
    await expect.poll(() => grid.locator('[data-row="52"] .rn').textContent()).toBe('53');
    const head = (await grid.locator('.head').boundingBox())!;
    expect(Math.abs(head.y - box.y)).toBeLessThanOrEqual(2);
    const rn = (await grid.locator('[data-row="52"] .rn').boundingBox())!;
    expect(Math.abs(rn.x - box.x)).toBeLessThanOrEqual(2);
    await cell('wide').screenshot({ path: `${SHOTS}/grid-scrolled.png` });
  });

  it('leads an analysis with its verdict above the table', async () => {
    const verdict = cell('lift').getByTestId('cell-verdict');
    // Newcombe (1998) example (a), 56/70 vs 48/80: lift +33.3 %, Katz interval, pooled z-test p = 0.008.
    expect(await verdict.textContent()).toBe('new beats control: rate +33.3 % (95 % CI +7.66 % to +65.1 %), p = 0.008 — significant');
    const v = (await verdict.boundingBox())!;
    const g = (await cell('lift').getByTestId('result-grid').boundingBox())!;
    expect(v.y + v.height).toBeLessThanOrEqual(g.y + 1);
    // Rates read as percentages in its table too.
    const row0 = cell('lift').locator('[data-row="0"] span');
    await expect.poll(() => row0.nth(7).textContent()).toBe('80.0 %');
    await cell('lift').screenshot({ path: `${SHOTS}/verdict.png` });
  });
});

describe('charts that explain themselves', () => {
  it('has a legend for the colour, unclipped labels, bars sorted by value and the top 40 of 55', async () => {
    // A chart is drawn as it comes near the screen.
    await cell('bars').scrollIntoViewIfNeeded();
    const plot = cell('bars').getByTestId('plot');
    await plot.locator('svg').first().waitFor();
    // Legend: one swatch per platform.
    const legend = await plot.locator('[class*="swatch"]').allTextContents();
    expect(legend.join(' ')).toContain('meta');
    expect(legend.join(' ')).toContain('linkedin');
    expect(await plot.locator('figcaption').textContent()).toContain('Top 40 shown, and 15 more');
    const svg = plot.locator('svg[class*="plot"]').last();
    const svgBox = (await svg.boundingBox())!;
    const ticks = svg.locator('[aria-label="y-axis tick label"] text');
    expect(await ticks.count()).toBe(40);
    // Every label starts inside the chart: none is clipped at the left edge.
    const lefts = await ticks.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
    for (const l of lefts) expect(l).toBeGreaterThanOrEqual(svgBox.x - 0.5);
    // By value, largest first: clicks = (i · 37) mod 101 is 100 at i = 30 (30 · 37 = 1110 = 10 · 101 + 100);
    // its long name is cut at 36 characters on the axis (the tooltip has it whole).
    const cut = 'Campaign number 30 — spring retargeting lookalike audience'.slice(0, 35) + '…';
    expect(await ticks.first().textContent()).toBe(cut);
    // Room for 40 bars.
    expect(svgBox.height).toBeGreaterThan(40 * 20);
    await cell('bars').screenshot({ path: `${SHOTS}/chart.png` });
  });
});

describe('time axes', () => {
  it('ticks ten daily rows at dates only, titles the y axis with both measures and marks the campaign start', async () => {
    await cell('daily_chart').scrollIntoViewIfNeeded();
    const svg = cell('daily_chart').getByTestId('plot').locator('svg[class*="plot"]').last();
    await svg.waitFor();
    const ticks = (await svg.locator('[aria-label="x-axis tick label"] text').allTextContents()).map((t) => t.trim());
    // 1–10 March 2026: day numbers (the first with its month), never "12 PM" between two dates.
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    for (const t of ticks) expect(t).toMatch(/^([1-9]|10)(Mar)?$/);
    expect(await svg.locator('[aria-label="y-axis label"]').textContent()).toContain('clicks, baseline');
    // The rule stands at 5 March, the parameter's date: where the axis puts its tick "5".
    const label = svg.getByText('campaign starts');
    expect(await label.count()).toBe(1);
    const five = svg.locator('[aria-label="x-axis tick label"] text').filter({ hasText: /^5$/ });
    const rule = svg.locator('[aria-label="rule"] line').first();
    const [fiveBox, ruleBox] = [(await five.boundingBox())!, (await rule.boundingBox())!];
    expect(Math.abs(fiveBox.x + fiveBox.width / 2 - ruleBox.x)).toBeLessThan(2);
    await cell('daily_chart').screenshot({ path: `${SHOTS}/daily-chart.png` });
  });
});

describe('decimals', () => {
  it('formats DECIMAL values like doubles, full value on hover', async () => {
    const row0 = cell('exact').locator('[data-row="0"] span');
    await expect.poll(() => row0.nth(1).textContent()).toBe('49,987.97');
    expect(await row0.nth(2).textContent()).toBe('1,234,567.89');
    expect(await row0.nth(2).getAttribute('title')).toBe('1234567.891');
  });
});

describe('column charts', () => {
  it('stands long category labels up under a 40-column chart, inside the chart and apart', async () => {
    await cell('columns').scrollIntoViewIfNeeded();
    const svg = cell('columns').getByTestId('plot').locator('svg').last();
    await svg.waitFor();
    const box = (await svg.boundingBox())!;
    const ticks = svg.locator('[aria-label="x-axis tick label"] text');
    expect(await ticks.count()).toBe(40);
    const boxes = await ticks.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ bottom: r.bottom, left: r.left, right: r.right })));
    for (const b of boxes) {
      expect(b.bottom).toBeLessThanOrEqual(box.y + box.height + 0.5);
      expect(b.left).toBeGreaterThanOrEqual(box.x - 0.5);
    }
    // Upright labels, one per column: none overlaps the next.
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.left).toBeGreaterThanOrEqual(boxes[i - 1]!.right - 0.5);
    await cell('columns').screenshot({ path: `${SHOTS}/columns.png` });
  });
});

describe("errors against the user's own text", () => {
  it("shows DuckDB's message without the CREATE TABLE wrapper, with candidates, and the line marked", async () => {
    const err = cell('broken').getByTestId('cell-error');
    const text = (await err.textContent())!;
    expect(text).not.toContain('CREATE OR REPLACE');
    expect(text).not.toContain('{"');
    expect(text).toMatch(/Binder Error: Referenced column "campaing" not found/);
    expect(text).toMatch(/"campaign"/);
    expect(text).toContain('LINE 1: SELECT campaing, count(*) AS n');
    expect(await cell('broken').getByTestId('error-position').textContent()).toBe('Line 1, column 8:');
    // The editor tints the line and underlines the word.
    const line = cell('broken').locator('.cm-line.cm-errorLine');
    expect(await line.count()).toBe(1);
    expect(await line.textContent()).toBe('SELECT campaing, count(*) AS n');
    expect(await cell('broken').locator('.cm-lintRange-error').textContent()).toBe('campaing');
    await cell('broken').screenshot({ path: `${SHOTS}/error.png` });
  });
});

describe('keyboard and small things', () => {
  it('keeps Run all on the title line however long the title is', async () => {
    const title = (await s.page.locator('.toolbar h1').boundingBox())!;
    const runAll = (await s.page.getByTestId('run-all').boundingBox())!;
    expect(Math.abs(runAll.y + runAll.height / 2 - (title.y + title.height / 2))).toBeLessThan(6);
    expect(runAll.x).toBeGreaterThan(title.x + title.width - 1);
    expect(await s.page.locator('.toolbar h1').getAttribute('title')).toBe(`${TITLE} (click to rename: the title names downloads and the history)`);
    await s.page.evaluate(() => window.scrollTo(0, 0));
    await s.page.screenshot({ path: `${SHOTS}/notebook-top.png` });
  });

  it('measures "ready in N ms" from navigation', async () => {
    const shown = Number(/ready in (\d+) ms/.exec((await s.page.getByTestId('engine-status').textContent())!)![1]);
    const worker = await s.page.evaluate(async () => (globalThis as unknown as { __pulse: { client: { start(): Promise<{ startMs: number }> } } }).__pulse.client.start());
    const now = await s.page.evaluate(() => performance.now());
    // From navigation it includes loading the page and the worker, so it is more than DuckDB's own start…
    expect(shown).toBeGreaterThanOrEqual(worker.startMs);
    // …and no more than the time since navigation.
    expect(shown).toBeLessThanOrEqual(now);
  });

  it('starts a new plot cell from the cell above', async () => {
    await s.page.getByTestId('new-kind').selectOption('plot');
    await cell('by_campaign').getByTestId('add-below').click();
    const text = await savedNotebook(s.page);
    expect(text).toContain('```plot plot_1\nfrom: by_campaign\nmark: barY\nx: campaign\ny: clicks\n```');
    await s.page.getByTestId('new-kind').selectOption('sql');
  });

  it('adds a new cell with Shift+Enter on the last one, as in Jupyter', async () => {
    const before = await cellOrder(s.page);
    await editCode(s.page, cell('broken'));
    await s.page.keyboard.press('ControlOrMeta+a');
    await s.page.keyboard.type('SELECT 1 AS one');
    await s.page.keyboard.press('Shift+Enter');
    await expect.poll(() => cellOrder(s.page)).toEqual([...before, 'sql_1']);
    // The new cell's editor has the focus: typing goes there.
    await expect.poll(() => s.page.evaluate(() => document.activeElement?.closest('[data-testid="cell"]')?.getAttribute('data-cell-id'))).toBe('sql_1');
    await runsSettled(s.page);
    expect(await cell('broken').getAttribute('data-status')).toBe('ok');
  });

  it('shows every module as a card with its title and a line of what it teaches (no module is coming soon)', async () => {
    await s.page.goto(new URL('/#/', s.page.url()).href);
    const cards = s.page.getByTestId('module-card');
    await cards.first().waitFor();
    await s.page.mouse.move(0, 0);
    expect(await cards.count()).toBe(44);
    expect(await s.page.getByTestId('coming-soon').count()).toBe(0);
    const texts = await cards.evaluateAll((els) => els.map((e) => ({
      title: e.querySelector('[data-testid="module-title"]')?.textContent?.trim() ?? '',
      learn: e.querySelector('.learn')?.textContent?.trim() ?? '',
    })));
    expect(texts.filter((t) => t.title.length < 5 || t.learn.length < 30)).toEqual([]);
    await s.page.screenshot({ path: `${SHOTS}/home.png`, fullPage: true });
  });
});
