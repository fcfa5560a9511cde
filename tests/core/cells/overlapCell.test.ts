import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

// People: Ann on all three platforms (one address written three ways), Bob on instagram and tiktok,
// Cat on instagram only, Dan on tiktok and x without an address (same name: a probabilistic match),
// Eve on x only.
beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.materialize(
    'followers',
    `SELECT * FROM (VALUES
      ('instagram', 'i1', 'ann@x.com', 'Ann Lee'), ('tiktok', 't1', ' ANN@x.com', 'Ann Lee'), ('x', 'x1', 'ann@x.com ', 'Ann Lee'),
      ('instagram', 'i2', 'bob@y.com', 'Bob Roy'), ('tiktok', 't2', 'bob@y.com', 'Bob Roy'), ('instagram', 'i3', 'cat@z.com', 'Cat Kim'),
      ('tiktok', 't3', NULL, 'Dan Brown'), ('x', 'x2', NULL, 'Dan Brown'), ('x', 'x3', 'eve@q.com', 'Eve Fox')
    ) AS t(platform, handle, email, full_name)`,
  );
});
afterAll(() => engine.close());

async function run(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`overlap c\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  return runs.get('c')!;
}
async function rows(body: string) {
  const r = await run(body);
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview), note: r.result!.note, verdict: r.result!.verdict };
}

// Name-only Fellegi–Sunter: u = Σ p² over the 9 names (3, 2, 1, 2, 1 of 9) = 19/81, so agreement scores
// log2(0.95 / (19/81)) = 2.018 bits; a threshold of 2 accepts the Dan pair (the only pair still apart in a block).
const BODY = 'from: followers\nsource: platform\nkey: handle\nemail: email\nname: full_name\nthreshold: 2';

describe('overlap', () => {
  it('counts people on each pair of platforms with Jaccard and shares, exact and probabilistic matches together', async () => {
    const { rows: out, verdict } = await rows(BODY);
    expect(out.map((r) => [r.platform_a, r.platform_b, r.persons_a, r.persons_b, r.both, r.both_probabilistic, r.jaccard, r.share_of_a, r.share_of_b])).toEqual([
      ['instagram', 'tiktok', 3, 3, 2, 0, 0.5, 2 / 3, 2 / 3],
      ['instagram', 'x', 3, 3, 1, 0, 0.2, 1 / 3, 1 / 3],
      ['tiktok', 'x', 3, 3, 2, 1, 0.5, 2 / 3, 2 / 3],
    ]);
    expect(verdict).toBe('instagram and tiktok overlap most: 2 people (Jaccard 0.500; 66.7 % of instagram, 66.7 % of tiktok)');
  });

  it('without the probabilistic pass only hashed e-mails match', async () => {
    const { rows: out } = await rows('from: followers\nsource: platform\nkey: handle\nemail: email');
    expect(out.find((r) => r.platform_a === 'tiktok')).toMatchObject({ both: 1, both_probabilistic: 0, persons_a: 3, persons_b: 3, jaccard: 0.2 });
  });

  it('gives a Venn table of every combination of platforms', async () => {
    const { rows: out, verdict } = await rows(`${BODY}\noutput: venn`);
    expect(out.map((r) => [r.platforms, r.platform_count, r.persons, r.probabilistic])).toEqual([
      ['instagram', 1, 1, 0], ['x', 1, 1, 0], ['tiktok', 1, 0, 0],
      ['instagram + tiktok', 2, 1, 0], ['tiktok + x', 2, 1, 1], ['instagram + x', 2, 0, 0],
      ['instagram + tiktok + x', 3, 1, 0],
    ]);
    expect(out.reduce((a, r) => a + Number(r.share), 0)).toBeCloseTo(1, 12);
    expect(verdict).toBe('3 of 5 people (60.0 %) are on more than one platform');
  });

  it('passes the identity options through, with their errors', async () => {
    expect((await run('from: followers\nsource: platform\nkey: handle\nemail: mail')).error).toContain('`mail` is not a column of `followers`');
    expect((await run(`${BODY}\noutput: persons`)).error).toContain('must be one of pairwise, venn');
  });
});
