/**
 * The exercises at the end of every CTR module, headless: each solution is SQL on the module's own
 * data (never a typed-in number), a copy of the module whose answers are the solutions grades every
 * exercise passed, a wrong answer grades failed, and the shipped template grades them unanswered.
 * Each module ends with a link to the next one, in the form the app routes (`#/nb/<key>`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exerciseSpec } from '../../src/core/cells/course/exerciseCell.ts';
import { parseNotebook } from '../../src/core/notebook/format.ts';
import { cells } from '../../src/core/notebook/model.ts';
import { describeModuleExercises } from './exerciseSupport.ts';

const DIR = 'notebooks/ctr';
const MODULES = readdirSync(DIR).filter((f) => f.endsWith('.pulse.md')).sort();


/** Campaign and ad names in the bundled sample (public/sample/ad_daily.csv). */
function sampleNames(): string[] {
  const [head, ...lines] = readFileSync('public/sample/ad_daily.csv', 'utf8').trim().split('\n');
  const cols = head!.split(',');
  const pick = ['campaign', 'ad'].map((c) => cols.indexOf(c));
  return [...new Set(lines.flatMap((l) => pick.map((k) => l.split(',')[k]!)))].filter((n) => n && n.length > 3);
}

describe('CTR modules choose sample values through inputs read from the data', () => {
  const names = sampleNames();
  it.each(MODULES)('%s: no SQL cell or exercise solution compares with a sample campaign or ad name', (file) => {
    const nb = parseNotebook(readFileSync(join(DIR, file), 'utf8'));
    const offending: string[] = [];
    for (const c of cells(nb)) {
      const sql = c.kind === 'sql' ? c.code : c.kind === 'exercise' ? exerciseSpec(c.code).solution : null;
      if (sql === null) continue;
      for (const n of names) {
        const literal = `'${n.replaceAll("'", "''")}'`;
        // A comparison with the name (= 'x', <> 'x', IN ('x', …)) ties the cell to the sample; a lookup table listing names is configuration.
        if (new RegExp(`(=|<>|!=|\\bIN\\s*\\([^)]*)\\s*${literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i').test(sql)) offending.push(`${c.id}: ${literal}`);
      }
    }
    expect(offending).toEqual([]);
  });
});

describeModuleExercises('ctr', 'CTR');
