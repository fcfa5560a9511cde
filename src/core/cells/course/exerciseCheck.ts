/**
 * Checking a trainee's answer against the solution computed from the same data: one value within a
 * stated tolerance, rows (order-insensitive unless asked), or a set of values. Pure functions over
 * plain JSON values (numbers, strings, booleans, ISO dates, null), so the messages can be tested
 * without a database.
 */

export type CheckKind = 'value' | 'rows' | 'set';

/** How far a number may be from the expected one: |yours − expected| ≤ absolute + relative·|expected| (numpy.isclose). */
export interface Tolerance {
  absolute: number;
  relative: number;
}

/** Exact up to floating-point noise when the author states no tolerance. */
export const DEFAULT_TOLERANCE: Tolerance = { absolute: 0, relative: 1e-9 };

export type Verdict = { status: 'passed' | 'failed' | 'unanswered'; message: string };

/** A result as the check sees it: column names and rows of JSON values in column order. */
export interface ResultRows {
  columns: string[];
  rows: unknown[][];
}

/** A few ulps, so a difference written exactly at the tolerance (1.01 vs 1, ±0.01) passes. */
const ulps = (a: number, b: number) => 8 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b), 1);

/** The allowance for a number, in words: "±0.0005" or "±1 %" or both. */
export function describeTolerance(t: Tolerance): string {
  const parts: string[] = [];
  if (t.absolute > 0) parts.push(`±${fmt(t.absolute)}`);
  if (t.relative > 1e-6) parts.push(`±${fmt(t.relative * 100)} %`);
  return parts.length ? parts.join(' + ') : 'exact';
}

/** A number for a message: up to 6 significant digits, no exponent for everyday sizes. */
export function fmt(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return String(v);
    return String(Number(v.toPrecision(6)));
  }
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

/** A typed-in value as a number when it reads as one: `0.0123`, `1,234.5`, `1.23 %` (→ 0.0123). */
export function readNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim().replace(/(\d),(?=\d{3}\b)/g, '$1');
  const m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*(%)?$/i.exec(s);
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] ? n / 100 : n;
}

type CellCompare = { same: true } | { same: false; why: string };

/**
 * Compare one value with the expected one. Numbers within the tolerance; text trimmed and
 * case-insensitive; NULL equals only NULL; a number typed as text is read as a number.
 */
export function compareValue(yours: unknown, expected: unknown, tol: Tolerance = DEFAULT_TOLERANCE): CellCompare {
  if (expected === null || expected === undefined) {
    return yours === null || yours === undefined ? { same: true } : { same: false, why: `yours is ${fmt(yours)}, expected empty (NULL)` };
  }
  if (yours === null || yours === undefined) return { same: false, why: 'yours is empty (NULL), expected a value' };
  if (typeof expected === 'number') {
    const n = readNumber(yours);
    if (n === null) return { same: false, why: `yours is ${typeof yours === 'string' ? 'text' : typeof yours} (${fmt(yours)}), expected a number` };
    const diff = Math.abs(n - expected);
    if (diff <= tol.absolute + tol.relative * Math.abs(expected) + ulps(n, expected)) return { same: true };
    const side = n > expected ? 'too high' : 'too low';
    const gap = expected !== 0 ? `, about ${fmt(Number((Math.abs(diff / expected) * 100).toPrecision(2)))} % ${n > expected ? 'above' : 'below'} the expected value` : '';
    return { same: false, why: `yours, ${fmt(n)}, is ${side}${gap} (tolerance ${describeTolerance(tol)})` };
  }
  if (typeof expected === 'boolean') {
    const b = typeof yours === 'boolean' ? yours : /^(true|yes)$/i.test(String(yours).trim()) ? true : /^(false|no)$/i.test(String(yours).trim()) ? false : null;
    if (b === null) return { same: false, why: `yours is ${fmt(yours)}, expected true or false` };
    return b === expected ? { same: true } : { same: false, why: `yours is ${b}, expected ${expected}` };
  }
  if (typeof yours === 'number' && readNumber(expected) === null) {
    return { same: false, why: `yours is a number (${fmt(yours)}), expected text` };
  }
  const a = String(yours).trim().toLowerCase();
  const e = String(expected).trim().toLowerCase();
  return a === e ? { same: true } : { same: false, why: `yours is ${fmt(yours)}, not the expected value` };
}

/** Compare a single-value answer with the solution's single value. */
export function checkValue(yours: unknown, expected: unknown, tol: Tolerance = DEFAULT_TOLERANCE): Verdict {
  const c = compareValue(yours, expected, tol);
  const stated = typeof expected === 'number' && describeTolerance(tol) !== 'exact' ? ` (tolerance ${describeTolerance(tol)})` : '';
  return c.same ? { status: 'passed', message: `right: ${fmt(yours)}${stated}` } : { status: 'failed', message: c.why };
}

/** Whether two rows agree everywhere, and otherwise the first column that differs. */
function compareRow(yours: unknown[], expected: unknown[], tol: Tolerance): { mismatches: number; first?: { column: number; why: string } } {
  let mismatches = 0;
  let first: { column: number; why: string } | undefined;
  expected.forEach((e, k) => {
    const c = compareValue(yours[k], e, tol);
    if (!c.same) {
      mismatches++;
      first ??= { column: k, why: c.why };
    }
  });
  return first ? { mismatches, first } : { mismatches };
}

const rowText = (r: unknown[]) => `(${r.map(fmt).join(', ')})`;
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * Compare a result with the expected rows, column by position. Unordered by default: each expected
 * row is matched with one of yours (numbers within the tolerance); the message names the row count,
 * the column count, or the first expected row without a match and the column where the nearest row
 * of yours differs.
 */
export function checkRows(yours: ResultRows, expected: ResultRows, tol: Tolerance = DEFAULT_TOLERANCE, ordered = false): Verdict {
  const ec = expected.columns.length;
  if (yours.columns.length !== ec) {
    return { status: 'failed', message: `your query returns ${plural(yours.columns.length, 'column')}, expected ${ec} (${expected.columns.map((c) => `\`${c}\``).join(', ')})` };
  }
  if (yours.rows.length !== expected.rows.length) {
    return { status: 'failed', message: `your query returns ${plural(yours.rows.length, 'row')}, expected ${expected.rows.length}` };
  }
  const col = (k: number) => `column ${k + 1} (\`${expected.columns[k]}\`)`;
  if (ordered) {
    for (let r = 0; r < expected.rows.length; r++) {
      const c = compareRow(yours.rows[r]!, expected.rows[r]!, tol);
      if (c.first) return { status: 'failed', message: `row ${r + 1} differs in ${col(c.first.column)}: ${c.first.why}` };
    }
    return { status: 'passed', message: `right: all ${plural(expected.rows.length, 'row')} match, in order` };
  }
  const unused = new Set(yours.rows.map((_, k) => k));
  for (const e of expected.rows) {
    let best: { index: number; mismatches: number; first?: { column: number; why: string } } | undefined;
    for (const k of unused) {
      const c = compareRow(yours.rows[k]!, e, tol);
      if (c.mismatches === 0) {
        best = { index: k, mismatches: 0 };
        break;
      }
      if (!best || c.mismatches < best.mismatches) best = { index: k, ...c };
    }
    if (!best || best.mismatches > 0) {
      const near = best?.first ? `; your nearest row ${rowText(yours.rows[best.index]!)} differs in ${col(best.first.column)}: ${best.first.why}` : '';
      return { status: 'failed', message: `an expected row has no match in yours${rowKey(e, expected.columns, best?.first?.column)}${near}` };
    }
    unused.delete(best.index);
  }
  return { status: 'passed', message: `right: all ${plural(expected.rows.length, 'row')} match${expected.rows.length > 1 ? ' (in any order)' : ''}` };
}

/** The text columns of an expected row, to name it without giving away the numbers. */
function rowKey(row: unknown[], columns: string[], hide?: number): string {
  const parts = row.flatMap((v, k) => (k !== hide && typeof v === 'string' ? [`${columns[k]} = ${fmt(v)}`] : []));
  return parts.length ? ` (the row with ${parts.join(', ')})` : '';
}

/**
 * Compare the distinct values (or distinct rows) of a result with the expected set: order and
 * duplicates do not matter. The message lists what is missing and what should not be there.
 */
export function checkSet(yours: ResultRows, expected: ResultRows, tol: Tolerance = DEFAULT_TOLERANCE): Verdict {
  if (yours.columns.length !== expected.columns.length) {
    return { status: 'failed', message: `your answer has ${plural(yours.columns.length, 'column')}, expected ${expected.columns.length} (${expected.columns.map((c) => `\`${c}\``).join(', ')})` };
  }
  const distinct = (rows: unknown[][]) => rows.filter((r, k) => rows.findIndex((o) => compareRow(o, r, tol).mismatches === 0) === k);
  const mine = distinct(yours.rows);
  const want = distinct(expected.rows);
  const has = (set: unknown[][], r: unknown[]) => set.some((o) => compareRow(o, r, tol).mismatches === 0);
  const missing = want.filter((r) => !has(mine, r));
  const extra = mine.filter((r) => !has(want, r));
  if (missing.length === 0 && extra.length === 0) {
    return { status: 'passed', message: want.length === 1 ? 'right: the one value and nothing else' : `right: all ${want.length} values and nothing else` };
  }
  const show = (rows: unknown[][]) => {
    const text = rows.slice(0, 5).map((r) => (r.length === 1 ? fmt(r[0]) : rowText(r)));
    return text.join(', ') + (rows.length > 5 ? ` and ${rows.length - 5} more` : '');
  };
  const parts: string[] = [];
  // The missing values are counted, not listed: listing them would give the answer away.
  if (missing.length) parts.push(`${plural(missing.length, 'expected value')} missing`);
  if (extra.length) parts.push(`not expected: ${show(extra)}`);
  return { status: 'failed', message: `${parts.join('; ')} (${want.length - missing.length} of your ${plural(mine.length, 'value')} are right, of ${want.length} expected)` };
}
