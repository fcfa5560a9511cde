import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromColumns } from '../../../src/core/arrow.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';
import { runKind } from './runKind.ts';

let engine: NativeEngine;
const ads: [string | null, number][] = [
  ['acme_UK_awareness_202403', 100], ['acme_UK_awareness_202403', 120], ['acme_DE_traffic_202404', 80],
  ['acme_US_traffic_202404', 50], ['Acme Spring Sale', 40], ['acme_FR_conversion_202413', 30], [null, 5],
];

beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.registerArrow('ads', tableFromColumns([
    { name: 'campaign_name', type: 'VARCHAR', values: ads.map((a) => a[0]) },
    { name: 'spend', type: 'DOUBLE', values: ads.map((a) => a[1]) },
  ]));
});
afterAll(() => engine.close());

const run = (body: string) => runKind(engine, 'name-parse', body);

const base = 'from: ads\nname: campaign_name\npattern: "{brand}_{market}_{objective}_{yyyymm}"\nvalues:\n  market: [UK, DE, FR]\n  objective: [awareness, traffic, conversion]\n';

describe('name-parse', () => {
  it('names: one row per distinct name with its parts; names that break the convention say which part, where and why', async () => {
    const { rows, columns, error, note, verdict } = await run(base);
    expect(error).toBeUndefined();
    expect(columns).toEqual(['name', 'rows', 'parsed', 'brand', 'market', 'objective', 'yyyymm', 'error_part', 'error_position', 'reason']);
    const by = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(by.acme_UK_awareness_202403).toMatchObject({ rows: 2, parsed: true, brand: 'acme', market: 'UK', objective: 'awareness', yyyymm: '202403', reason: null });
    expect(by.acme_US_traffic_202404).toMatchObject({ parsed: false, market: null, error_part: 'market', error_position: 6, reason: '{market} `US` is not one of UK, DE, FR' });
    expect(by['Acme Spring Sale']).toMatchObject({ parsed: false, error_part: 'brand', error_position: 1, reason: 'no `_` after {brand}: the name has 1 of 4 parts' });
    expect(by.acme_FR_conversion_202413).toMatchObject({ parsed: false, error_part: 'yyyymm', error_position: 20 });
    expect(note).toMatch(/1 row\(s\) with an empty campaign_name/);
    expect(note).toMatch(/3 of 5 distinct names break the convention/);
    // One failure each at brand, market and yyyymm: the tie goes to the first name in sort order (Acme Spring Sale).
    expect(verdict).toBe('3 of 5 names (60.0 %) break {brand}_{market}_{objective}_{yyyymm}; most often at {brand} (1)');
  });

  it('rows: every source row in its order with the parts appended, ready for roll-ups', async () => {
    const { rows, columns } = await run(`${base}output: rows\n`);
    expect(columns).toEqual(['campaign_name', 'spend', 'parsed', 'brand', 'market', 'objective', 'yyyymm', 'error_part', 'error_position', 'reason']);
    expect(rows.map((r) => r.spend)).toEqual([100, 120, 80, 50, 40, 30, 5]);
    expect(rows[0]).toMatchObject({ parsed: true, market: 'UK' });
    expect(rows[6]).toMatchObject({ campaign_name: null, parsed: null });
    expect((await engine.listTables()).filter((t) => t.startsWith('__name_parse'))).toEqual([]);
  });

  it('names bad patterns and rules', async () => {
    expect((await run('from: ads\nname: campaign_name\npattern: "{brand}{market}"\n')).error).toMatch(/name-parse `pattern:` \{brand\}\{market\} have nothing between them/);
    expect((await run('from: ads\nname: campaign_name\npattern: "{brand}_{x}"\nvalues:\n  market: [UK]\n')).error).toMatch(/`values:` `market` is not a part of the pattern \(its parts: brand, x\)/);
    expect((await run('from: ads\nname: campaign_name\npattern: "{spend}_{x}"\noutput: rows\n')).error).toMatch(/`spend` clashes with a column of `ads`/);
  });
});
