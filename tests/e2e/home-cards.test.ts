/**
 * The home page's "Start here" cards (Quick start, Getting started) carry a one-line description, as
 * the module cards do: the notebook's first prose paragraph, its "This notebook …" sentence (else its
 * first sentence). The expected lines are copied by hand from the two notebooks' first paragraphs.
 */
import { describe, expect, it } from 'vitest';
import { homeSession } from './support/browser';

const s = homeSession();

describe('home: Start here cards', () => {
  it('Quick start and Getting started each show a description line from their first paragraph', async () => {
    const cards = s.page.locator('section.start [data-testid="notebook-link"]');
    const shown = await cards.evaluateAll((els) => els.map((e) => [e.querySelector('.title')?.textContent?.trim(), e.querySelector('[data-testid="notebook-summary"]')?.textContent?.trim() ?? null]));
    expect(shown).toEqual([
      // src/app/quickStart.pulse.md: its first paragraph's first sentence (no "This notebook" sentence), **Add data** plain.
      ['Quick start', 'Drop a CSV, TSV, JSON, NDJSON, Parquet or Excel (.xlsx) file anywhere on this page (or use Add data).'],
      // notebooks/getting-started.pulse.md: "This notebook walks through one question …" → "Walks through …", *…* plain.
      [
        'Getting started — a creative A/B test, end to end',
        'Walks through one question a social-media analyst meets every week: did the new creative really lift click-through rate, or is the difference noise?',
      ],
    ]);
    await s.page.locator('section.start').screenshot({ path: `${process.env.PULSE_SHOTS ?? '/tmp'}/home-start-cards.png` });
  });
});
