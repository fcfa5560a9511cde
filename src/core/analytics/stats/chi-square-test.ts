import { chiSquareSf } from './distributions.ts';

/** Options of {@link chiSquareTest}. */
export interface ChiSquareTestOptions {
  /** Yates' continuity correction; applies to 2 x 2 tables only, as in R. Default false. */
  correction?: boolean;
}

/** Result of {@link chiSquareTest}. */
export interface ChiSquareTestResult {
  statistic: number;
  df: number;
  pValue: number;
  /** Expected counts under independence, same shape as the table. */
  expected: number[][];
}

/**
 * Pearson's chi-square test of independence for an r x c table of counts, as R's
 * `chisq.test(table, correct = FALSE)`. With `{ correction: true }` a 2 x 2 table gets Yates'
 * continuity correction exactly as R applies it (`|O - E| - min(0.5, |O - E|)`).
 *
 * For A/B data, rows are groups and columns are [successes, failures].
 *
 * @example
 * chiSquareTest([[762, 327, 468], [484, 239, 477]]);
 * // => { statistic: 30.07…, df: 2, pValue: 2.954e-7, … } (R ?chisq.test, Agresti 2007 p. 39)
 */
export function chiSquareTest(table: number[][], options: ChiSquareTestOptions = {}): ChiSquareTestResult {
  const rows = table.length;
  const cols = rows > 0 ? table[0]!.length : 0;
  if (rows < 2 || cols < 2) {
    throw new Error(`chiSquareTest: the table is ${rows} x ${cols}; it needs at least 2 rows and 2 columns.`);
  }
  table.forEach((row, i) => {
    if (row.length !== cols) {
      throw new Error(`chiSquareTest: row ${i + 1} has ${row.length} cells but row 1 has ${cols}; every row needs the same columns.`);
    }
    row.forEach((v, j) => {
      if (!Number.isFinite(v) || v < 0) {
        throw new Error(`chiSquareTest: cell [${i + 1}, ${j + 1}] is ${v}; counts must be finite and 0 or more.`);
      }
    });
  });
  const rowSums = table.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = Array.from({ length: cols }, (_, j) => table.reduce((a, row) => a + row[j]!, 0));
  const total = rowSums.reduce((a, b) => a + b, 0);
  rowSums.forEach((s, i) => {
    if (s === 0) throw new Error(`chiSquareTest: row ${i + 1} sums to 0; drop empty rows before testing.`);
  });
  colSums.forEach((s, j) => {
    if (s === 0) throw new Error(`chiSquareTest: column ${j + 1} sums to 0; drop empty columns before testing.`);
  });
  const expected = rowSums.map((r) => colSums.map((c) => (r * c) / total));
  const yates = options.correction === true && rows === 2 && cols === 2;
  // R uses one correction for the whole table: min(0.5, smallest |O - E|) (all four are equal in 2x2).
  let shift = 0;
  if (yates) {
    shift = 0.5;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) shift = Math.min(shift, Math.abs(table[i]![j]! - expected[i]![j]!));
  }
  let statistic = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const e = expected[i]![j]!;
      const d = Math.abs(table[i]![j]! - e) - shift;
      statistic += (d * d) / e;
    }
  }
  const df = (rows - 1) * (cols - 1);
  return { statistic, df, pValue: chiSquareSf(statistic, df), expected };
}
