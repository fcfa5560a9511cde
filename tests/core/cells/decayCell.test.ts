import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';
import { runKind } from './runKind.ts';

let engine: NativeEngine;

// Exact exponentials, so the half-lives are known by hand:
//   segment a: engagement 0.2 e^(−0.1 age) at ages 1..8, two rows per age (one 10 % above, one 10 % below the
//              curve: their mean is on it) → rate 0.1, half-life ln 2 / 0.1 = 6.9315; age 9 has engagement 0.
//   segment b: 0.4 · 2^(−(age − 1)/2) at ages 1..6 → rate ln 2 / 2, half-life 2; cap at 50 %: exposure 3.
//   exposures: 800, 400, 200, 100, 50 successes of 8,000 at exposures 1..5 → rate ln 2, half-life 1.
const DATA = `\`\`\`sql posts
SELECT 'a' AS segment, age::DOUBLE AS age, 0.2 * exp(-0.1 * age) * f AS engagement FROM range(1, 9) r(age), (VALUES (0.9), (1.1)) v(f)
UNION ALL SELECT 'a', 9, 0
UNION ALL SELECT 'b', age, 0.4 * pow(2, -(age - 1) / 2) FROM range(1, 7) r(age)
UNION ALL SELECT 'b', NULL, 0.3
\`\`\`

\`\`\`sql exposures
SELECT * FROM (VALUES (1, 800, 8000), (2, 400, 8000), (3, 200, 8000), (4, 100, 8000), (5, 50, 8000)) AS t(exposure, clicks, impressions)
\`\`\`

\`\`\`sql short
SELECT * FROM (VALUES (1, 0.5), (2, 0.25)) AS t(age, engagement)
\`\`\`

\`\`\`sql nothing
SELECT * FROM posts WHERE age > 100
\`\`\`
`;

beforeAll(async () => {
  engine = await NativeEngine.create();
});
afterAll(() => engine.close());

const run = (body: string) => runKind(engine, 'decay', body, `${DATA}\n`);

describe('decay', () => {
  it('fit per segment: the exact half-lives recovered, the zero age and the empty row said in the note, verdict', async () => {
    const { rows, columns, note, verdict, error } = await run('from: posts\nsegment: segment\nunit: days\n');
    expect(error).toBeUndefined();
    expect(columns).toEqual(['segment', 'ages', 'n', 'initial', 'rate', 'rate_lower', 'rate_upper', 'half_life', 'half_life_lower', 'half_life_upper', 'r_squared', 'frequency_cap', 'cap_share']);
    const [a, b] = rows;
    expect([a!.segment, a!.ages, a!.n]).toEqual(['a', 8, 16]);
    expect(a!.rate).toBeCloseTo(0.1, 10);
    expect(a!.half_life).toBeCloseTo(6.931471805599453, 8);
    expect(a!.initial).toBeCloseTo(0.2, 10);
    // Exact data: a zero-width interval.
    expect(a!.half_life_upper - a!.half_life_lower).toBeLessThan(1e-6);
    // Cap at 50 % from age 1: 1 + 6.93 → 7.
    expect(a!.frequency_cap).toBe(7);
    expect(b!.half_life).toBeCloseTo(2, 10);
    expect(b!.frequency_cap).toBe(3);
    expect(note).toContain('1 row(s) with an empty age, engagement or segment left out');
    expect(note).toContain('1 age(s) with zero (or no) mean engagement left out of the fit');
    expect(verdict).toMatch(/^a: engagement halves every 6\.93 days \(95 % CI 6\.93 to 6\.93\); cap at 7 \(later ones fall below 50 % of the first\); b: engagement halves every 2 days/);
  });

  it('rate mode (successes / trials per exposure): half-life 1 exposure, the cap moves with cap_share', async () => {
    const half = await run('from: exposures\nage: exposure\nsuccesses: clicks\ntrials: impressions\n');
    expect(half.rows[0]!.segment).toBe('(all)');
    expect(half.rows[0]!.half_life).toBeCloseTo(1, 10);
    expect(half.rows[0]!.initial).toBeCloseTo(0.2, 10);
    // e^(−ln 2 (k − 1)) ≥ 0.5 ⇔ k ≤ 2; ≥ 0.25 ⇔ k ≤ 3.
    expect(half.rows[0]!.frequency_cap).toBe(2);
    const quarter = await run('from: exposures\nage: exposure\nsuccesses: clicks\ntrials: impressions\ncap_share: 0.25\n');
    expect(quarter.rows[0]!.frequency_cap).toBe(3);
  });

  it('curve: observed mean per age beside the fitted curve and its share of the first age', async () => {
    const { rows } = await run('from: posts\nsegment: segment\noutput: curve\n');
    const b3 = rows.find((r) => r.segment === 'b' && r.age === 3)!;
    expect(b3.engagement).toBeCloseTo(0.2, 12);
    expect(b3.fitted).toBeCloseTo(0.2, 10);
    expect(b3.share_of_first).toBeCloseTo(0.5, 10);
    const a1 = rows.find((r) => r.segment === 'a' && r.age === 1)!;
    expect([a1.n]).toEqual([2]);
    expect(a1.engagement).toBeCloseTo(0.2 * Math.exp(-0.1), 12);
  });

  it('noisy data: the interval is the slope t-interval mapped through ln 2 / λ (hand-derived least squares on the log)', async () => {
    // ln y = 0, −1, −3 at ages 0, 1, 2, weight 1 each (unweighted): slope −1.5, SE √(1/6 · …):
    // ordinary LS: x̄ = 1, Sxx = 2, Sxz = −3 → slope −1.5, intercept −4/3 + 1.5 = 1/6; residuals −1/6, 1/3, −1/6 → RSS 1/6,
    // σ² = 1/6 on 1 df, SE = √(1/12) = 0.288675; t(1) = 12.706205 → λ from −2.168 to 5.168: half-life has no upper bound.
    const body = 'from: noisy\nage: age\nengagement: y\nweight: none\n';
    const { runs } = await runNotebook(parseNotebook(`\`\`\`sql noisy\nSELECT * FROM (VALUES (0, 1.0), (1, exp(-1)), (2, exp(-3))) t(age, y)\n\`\`\`\n\n\`\`\`decay out\n${body}\`\`\`\n`), engine);
    const [r] = rowsFromTable(runs.get('out')!.result!.preview) as Record<string, any>[];
    expect(r!.rate).toBeCloseTo(1.5, 12);
    expect(r!.rate_upper).toBeCloseTo(1.5 + 12.706204736174707 * Math.sqrt(1 / 12), 9);
    expect(r!.half_life_lower).toBeCloseTo(Math.LN2 / (1.5 + 12.706204736174707 * Math.sqrt(1 / 12)), 9);
    expect(r!.half_life_upper).toBeNull();
    expect(r!.initial).toBeCloseTo(Math.exp(1 / 6), 12);
  });

  it('bad input, too few ages, empty input', async () => {
    expect((await run('from: posts\nage: days\n')).error).toMatch(/`days` is not a column of `posts`/);
    expect((await run('from: exposures\nage: exposure\nsuccesses: clicks\n')).error).toMatch(/needs `trials:`/);
    expect((await run('from: posts\ncap_share: 1\n')).error).toMatch(/`cap_share:` must be below 1/);
    // Two ages cannot give a slope with an error: the row stays, with nulls and the reason.
    const few = await run('from: short\n');
    expect(few.rows.map((r) => [r.segment, r.ages, r.rate, r.half_life, r.frequency_cap])).toEqual([['(all)', 2, null, null, null]]);
    expect(few.note).toMatch(/no fit: an exponential fit needs at least 3 ages with positive engagement \(got 2\)/);
    const empty = await run('from: nothing\n');
    expect(empty.rows).toEqual([]);
    expect(empty.note).toMatch(/no rows to fit/);
  });
});
