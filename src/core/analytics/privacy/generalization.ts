/**
 * Generalization hierarchies and the search for the least generalization that makes a table
 * k-anonymous (Samarati 2001, "Protecting respondents' identities in microdata release"; Sweeney
 * 2002, "Achieving k-anonymity privacy protection using generalization and suppression"): every
 * quasi-identifier has a chain of coarser versions (age 37 → 35-39 → 30-39 → 20-39 → *), a node of
 * the lattice picks one level per quasi-identifier, and the answer is the node of least total height
 * whose equivalence classes all hold at least k rows (after suppressing at most the allowed rows).
 */

/** How one quasi-identifier coarsens, level by level; the last level is always `*` (suppressed). */
export type Hierarchy =
  | { kind: 'numeric'; widths: number[] }
  | { kind: 'date' }
  | { kind: 'prefix'; length: number; steps: number }
  | { kind: 'suppress' };

export type QiValue = string | number | null;

/** Number of levels above the original value (the last one is `*`). */
export function hierarchyHeight(h: Hierarchy): number {
  switch (h.kind) {
    case 'numeric':
      return h.widths.length + 1;
    case 'date':
      return 3;
    case 'prefix':
      return h.steps + 1;
    default:
      return 1;
  }
}

/** One level of a hierarchy in words, for the suggestion. */
export function levelLabel(h: Hierarchy, level: number): string {
  if (level === 0) return 'as is';
  if (level >= hierarchyHeight(h)) return 'suppressed (*)';
  if (h.kind === 'numeric') return `${h.widths[level - 1]}-wide brackets`;
  if (h.kind === 'date') return level === 1 ? 'month' : 'year';
  if (h.kind === 'prefix') return `first ${h.length - level} characters`;
  return 'suppressed (*)';
}

/**
 * The value at a level of its hierarchy; null stays null (its own class).
 *
 * @example
 * generalizeValue(37, { kind: 'numeric', widths: [5, 10, 20] }, 2); // => '30-39'
 * generalizeValue('02138', { kind: 'prefix', length: 5, steps: 3 }, 2); // => '021**'
 * generalizeValue('2024-03-17', { kind: 'date' }, 1); // => '2024-03'
 */
export function generalizeValue(value: QiValue, h: Hierarchy, level: number): QiValue {
  if (value === null || level === 0) return value;
  if (level >= hierarchyHeight(h)) return '*';
  if (h.kind === 'numeric') {
    const w = h.widths[level - 1]!;
    const x = Number(value);
    const lo = Math.floor(x / w) * w;
    return Number.isInteger(w) && Number.isInteger(x) ? `${lo}-${lo + w - 1}` : `[${lo}, ${lo + w})`;
  }
  if (h.kind === 'date') return String(value).slice(0, level === 1 ? 7 : 4);
  if (h.kind === 'prefix') {
    const s = String(value);
    return s.slice(0, Math.max(0, s.length - level)) + '*'.repeat(Math.min(level, s.length));
  }
  return '*';
}

/**
 * Bracket widths for a numeric quasi-identifier: 5, 10, 20 in the unit of its range, so ages get
 * 5/10/20-year brackets and incomes in the tens of thousands get 5,000/10,000/20,000.
 *
 * @example
 * numericWidths(18, 90); // => [5, 10, 20]
 */
export function numericWidths(min: number, max: number): number[] {
  const scale = 10 ** Math.floor(Math.log10(Math.max(max - min, 10))) / 10;
  return [5, 10, 20].map((w) => w * scale);
}

export interface EquivalenceClass {
  values: QiValue[];
  size: number;
}

export interface LatticeNode {
  levels: number[];
  classes: number;
  classesBelowK: number;
  rowsBelowK: number;
  /** Smallest class size before suppression. */
  smallestClass: number;
  /** Smallest class left after suppressing the classes below k (the k the node achieves). */
  kAchieved: number;
}

/**
 * Equivalence classes with each quasi-identifier coded as an index into its dictionary of distinct
 * values: the compact form the search runs on (typed arrays, no strings per class), so it copes with
 * a million classes.
 */
export interface CodedClasses {
  /** Distinct values of each quasi-identifier. */
  dictionaries: QiValue[][];
  /** codes[i][c]: index into dictionaries[i] of class c's value. */
  codes: ArrayLike<number>[];
  sizes: ArrayLike<number>;
}

/** Code a list of classes (small inputs, tests). */
export function codeClasses(classes: readonly EquivalenceClass[], width: number): CodedClasses {
  const dictionaries: QiValue[][] = [];
  const codes: number[][] = [];
  for (let i = 0; i < width; i++) {
    const index = new Map<QiValue, number>();
    codes.push(classes.map((c) => {
      const v = c.values[i] ?? null;
      if (!index.has(v)) index.set(v, index.size);
      return index.get(v)!;
    }));
    dictionaries.push([...index.keys()]);
  }
  return { dictionaries, codes, sizes: classes.map((c) => c.size) };
}

/** For each quasi-identifier and level: dictionary code → code of the generalized value, and how many there are. */
function levelTables(data: CodedClasses, hierarchies: readonly Hierarchy[]): { map: Int32Array; card: number }[][] {
  return hierarchies.map((h, i) =>
    Array.from({ length: hierarchyHeight(h) + 1 }, (_, level) => {
      const index = new Map<QiValue, number>();
      const map = Int32Array.from(data.dictionaries[i]!, (v) => {
        const g = generalizeValue(v, h, level);
        if (!index.has(g)) index.set(g, index.size);
        return index.get(g)!;
      });
      return { map, card: index.size };
    }),
  );
}

/** Above this many possible classes a node counts in a Map instead of a dense array (32 MB of doubles). */
const DENSE_LIMIT = 1 << 22;

function evaluateCoded(data: CodedClasses, tables: { map: Int32Array; card: number }[][], levels: readonly number[], k: number): LatticeNode {
  const n = data.sizes.length;
  const width = levels.length;
  const maps = levels.map((l, i) => tables[i]![l]!.map);
  const mults: number[] = [];
  let space = 1;
  for (let i = 0; i < width; i++) {
    mults.push(space);
    space *= tables[i]![levels[i]!]!.card;
  }
  const key = (c: number) => {
    let x = 0;
    for (let i = 0; i < width; i++) x += maps[i]![data.codes[i]![c]!]! * mults[i]!;
    return x;
  };
  let sizes: Iterable<number>;
  if (space <= DENSE_LIMIT) {
    const counts = new Float64Array(space);
    for (let c = 0; c < n; c++) counts[key(c)]! += Number(data.sizes[c]);
    sizes = counts.filter((x) => x > 0);
  } else {
    // Past 2^53 the mixed-radix key could collide; fall back to text keys there.
    const exact = space <= Number.MAX_SAFE_INTEGER;
    const m = new Map<number | string, number>();
    for (let c = 0; c < n; c++) {
      const kk = exact ? key(c) : levels.map((_, i) => maps[i]![data.codes[i]![c]!]).join(',');
      m.set(kk, (m.get(kk) ?? 0) + Number(data.sizes[c]));
    }
    sizes = m.values();
  }
  let classes = 0;
  let classesBelowK = 0;
  let rowsBelowK = 0;
  let smallestClass = Infinity;
  let kAchieved = Infinity;
  for (const size of sizes) {
    classes += 1;
    smallestClass = Math.min(smallestClass, size);
    if (size < k) {
      classesBelowK += 1;
      rowsBelowK += size;
    } else kAchieved = Math.min(kAchieved, size);
  }
  return { levels: [...levels], classes, classesBelowK, rowsBelowK, smallestClass: Number.isFinite(smallestClass) ? smallestClass : 0, kAchieved: Number.isFinite(kAchieved) ? kAchieved : 0 };
}

/** Group the classes under one lattice node and measure them against k. */
export function evaluateNode(classes: readonly EquivalenceClass[] | CodedClasses, hierarchies: readonly Hierarchy[], levels: readonly number[], k: number): LatticeNode {
  const data = 'codes' in classes ? classes : codeClasses(classes, hierarchies.length);
  return evaluateCoded(data, levelTables(data, hierarchies), levels, k);
}

/**
 * The least generalizations that make the table k-anonymous: the lattice nodes of smallest total
 * height whose classes below k hold at most `maxSuppressedRows` rows (those rows are suppressed),
 * best first (fewest rows suppressed, then most classes, i.e. the most detail kept). Empty when even
 * full suppression fails (fewer than k rows); `complete: false` when the search stopped at `maxNodes`.
 *
 * @example
 * // Two people aged 31 and 38: 10-year brackets make them one class of 2.
 * minimalGeneralizations([{ values: [31], size: 1 }, { values: [38], size: 1 }], [{ kind: 'numeric', widths: [5, 10, 20] }], 2);
 * // => { nodes: [{ levels: [2], classes: 1, kAchieved: 2, … }], … }
 */
export function minimalGeneralizations(
  classes: readonly EquivalenceClass[] | CodedClasses,
  hierarchies: readonly Hierarchy[],
  k: number,
  options: { maxSuppressedRows?: number; maxNodes?: number } = {},
): { nodes: LatticeNode[]; searched: number; complete: boolean } {
  const data = 'codes' in classes ? classes : codeClasses(classes, hierarchies.length);
  const tables = levelTables(data, hierarchies);
  const maxSup = options.maxSuppressedRows ?? 0;
  const maxNodes = options.maxNodes ?? 5000;
  const heights = hierarchies.map(hierarchyHeight);
  const total = heights.reduce((s, h) => s + h, 0);
  let searched = 0;
  for (let height = 0; height <= total; height++) {
    const found: LatticeNode[] = [];
    for (const levels of nodesOfHeight(heights, height)) {
      if (searched >= maxNodes) return { nodes: found, searched, complete: false };
      searched += 1;
      const node = evaluateCoded(data, tables, levels, k);
      if (node.rowsBelowK <= maxSup && node.kAchieved >= k) found.push(node);
    }
    if (found.length) {
      found.sort((a, b) => a.rowsBelowK - b.rowsBelowK || b.classes - a.classes || compareLevels(a.levels, b.levels));
      return { nodes: found, searched, complete: true };
    }
  }
  return { nodes: [], searched, complete: true };
}

const compareLevels = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
};

/** Every level vector with the given sum, each level within 0..heights[i]. */
function* nodesOfHeight(heights: readonly number[], height: number, i = 0, prefix: number[] = []): Generator<number[]> {
  if (i === heights.length) {
    if (height === 0) yield prefix;
    return;
  }
  const rest = heights.slice(i + 1).reduce((s, h) => s + h, 0);
  for (let l = Math.max(0, height - rest); l <= Math.min(heights[i]!, height); l++) yield* nodesOfHeight(heights, height - l, i + 1, [...prefix, l]);
}
