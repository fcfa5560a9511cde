/**
 * DBSCAN (Ester, Kriegel, Sander & Xu 1996) with scikit-learn's conventions (sklearn.cluster.DBSCAN,
 * Euclidean metric):
 * - the eps-neighbourhood of a point is every point at distance ≤ eps, the point itself included;
 * - a point is a core point when its neighbourhood holds at least `minSamples` points (itself counted);
 * - clusters are grown in input order: the first unlabelled core point starts cluster 0 and everything
 *   density-reachable from it joins, then the next unlabelled core point starts cluster 1, and so on.
 *   A border point (not core, within eps of a core point) therefore belongs to the first cluster that
 *   reaches it; everything else is noise, labelled −1.
 *
 * Neighbourhoods come from a uniform grid of cells eps wide over (at most) three of the dimensions —
 * the ones with the widest range in eps units — so a query looks at the 3^m surrounding cells instead
 * of every point; distances are then checked in all dimensions. Neighbour lists are not stored (they
 * can hold n² entries in dense data): pass one counts neighbours up to min_samples (enough to know a
 * core point), pass two walks them again for core points as the clusters grow, skipping cells whose
 * points are all labelled already, so memory stays O(n).
 */

import { mulberry32 } from '../random.ts';

export interface DbscanResult {
  /** Cluster per point: 0, 1, … in order of discovery; −1 for noise. */
  labels: number[];
  /** Whether each point is a core point. */
  core: boolean[];
  clusters: number;
}

export function dbscan(points: readonly (readonly number[])[], eps: number, minSamples: number): DbscanResult {
  if (!(eps > 0) || !Number.isFinite(eps)) throw new Error(`eps must be a positive number (got ${eps})`);
  if (!Number.isInteger(minSamples) || minSamples < 1) throw new Error(`min_samples must be a whole number ≥ 1 (got ${minSamples})`);
  const n = points.length;
  const d = points[0]?.length ?? 0;
  const x = new Float64Array(n * d);
  points.forEach((p, i) => {
    if (p.length !== d) throw new Error(`point ${i} has ${p.length} coordinates, not ${d}`);
    p.forEach((v, j) => (x[i * d + j] = v));
  });
  const grid = gridIndex(x, n, d, eps);
  // A core point only needs min_samples neighbours found: stop counting there.
  const core = Array.from({ length: n }, (_, i) => grid.within(i, minSamples, null) >= minSamples);
  const labels = new Array<number>(n).fill(-1);
  // Unlabelled points per cell: a cell with none left is skipped by later neighbourhood walks.
  const open = new Int32Array(grid.cells);
  for (let i = 0; i < n; i++) open[grid.pointCell[i]!]!++;
  let label = 0;
  const stack: number[] = [];
  // sklearn's dbscan_inner walks depth-first and labels a point when it is popped; every point pushed
  // during one cluster's walk is popped before the walk ends, so labelling it when pushed gives the same
  // labels without pushing a point once per core neighbour (n × neighbours entries in dense data).
  const claim = (j: number) => {
    if (labels[j] === -1) {
      labels[j] = label;
      open[grid.pointCell[j]!]!--;
      stack.push(j);
    }
  };
  for (let start = 0; start < n; start++) {
    if (labels[start] !== -1 || !core[start]) continue;
    claim(start);
    while (stack.length) {
      const i = stack.pop()!;
      // Only core points spread the label further.
      if (core[i]) grid.within(i, Infinity, claim, open);
    }
    label++;
  }
  return { labels, core, clusters: label };
}

/**
 * A neighbourhood query over a grid. Points are stored cell by cell (coordinates
 * copied in that order, so a cell's members are contiguous), and each cell's neighbouring cells are
 * listed once.
 */
function gridIndex(x: Float64Array, n: number, d: number, eps: number) {
  const eps2 = eps * eps;
  // Grid dimensions: the (up to) three with the most cells; a grid over more would have 3^d neighbours per query.
  const ranges = Array.from({ length: d }, (_, j) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = x[i * d + j]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return { j, lo, cells: n ? Math.floor((hi - lo) / eps) + 1 : 0 };
  });
  const dims = ranges.filter((r) => r.cells > 1).sort((a, b) => b.cells - a.cells || a.j - b.j).slice(0, 3);
  const m = dims.length;
  const coords = new Int32Array(n * m);
  for (let i = 0; i < n; i++) for (let q = 0; q < m; q++) coords[i * m + q] = Math.floor((x[i * d + dims[q]!.j]! - dims[q]!.lo) / eps);
  // A number per cell when the grid is small enough to count its cells exactly, else text.
  const strides = dims.map((_, q) => dims.slice(q + 1).reduce((s, r) => s * (r.cells + 2), 1));
  const numeric = dims.reduce((s, r) => s * (r.cells + 2), 1) < Number.MAX_SAFE_INTEGER;
  const keyOf = (c: ArrayLike<number>): number | string => {
    if (!numeric) return Array.from(c).join(',');
    let k = 0;
    for (let q = 0; q < m; q++) k += (c[q]! + 1) * strides[q]!;
    return k;
  };
  const cellIndex = new Map<number | string, number>();
  const pointCell = new Int32Array(n);
  const cellCoords: number[][] = [];
  for (let i = 0; i < n; i++) {
    const c = coords.subarray(i * m, i * m + m);
    const k = keyOf(c);
    let ci = cellIndex.get(k);
    if (ci === undefined) {
      ci = cellCoords.length;
      cellIndex.set(k, ci);
      cellCoords.push(Array.from(c));
    }
    pointCell[i] = ci;
  }
  const cells = cellCoords.length;
  const cellStart = new Int32Array(cells + 1);
  for (let i = 0; i < n; i++) cellStart[pointCell[i]! + 1]!++;
  for (let c = 0; c < cells; c++) cellStart[c + 1]! += cellStart[c]!;
  const fill = cellStart.slice(0, cells);
  const order = new Int32Array(n);
  const xs = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const p = fill[pointCell[i]!]!++;
    order[p] = i;
    for (let q = 0; q < d; q++) xs[p * d + q] = x[i * d + q]!;
  }
  // Offsets −1, 0, +1 in each grid dimension.
  let offsets: number[][] = [[]];
  for (let q = 0; q < m; q++) offsets = offsets.flatMap((o) => [[...o, -1], [...o, 0], [...o, 1]]);
  const near: Int32Array[] = cellCoords.map((c) =>
    Int32Array.from(offsets.flatMap((o) => {
      const ci = cellIndex.get(keyOf(c.map((v, q) => v + o[q]!)));
      return ci === undefined ? [] : [ci];
    })),
  );
  const own = new Float64Array(d);
  /** Points within eps of i (i included): calls visit on each, stops after `limit`, skips cells whose `open` count is 0. */
  const within = (i: number, limit: number, visit: ((j: number) => void) | null, open?: Int32Array) => {
    for (let q = 0; q < d; q++) own[q] = x[i * d + q]!;
    let found = 0;
    for (const c of near[pointCell[i]!]!) {
      if (open && open[c] === 0) continue;
      for (let p = cellStart[c]!, end = cellStart[c + 1]!; p < end; p++) {
        let s = 0;
        for (let q = 0; q < d && s <= eps2; q++) {
          const dv = own[q]! - xs[p * d + q]!;
          s += dv * dv;
        }
        if (s <= eps2) {
          found++;
          if (visit) visit(order[p]!);
          if (found >= limit) return found;
        }
      }
    }
    return found;
  };
  return { cells, pointCell, within };
}

/**
 * The k-distance of points, for choosing eps (Ester et al. 1996, the "sorted k-dist graph"): the
 * distance from a point to its k-th nearest point counting itself, as scikit-learn's
 * `NearestNeighbors(n_neighbors=min_samples).kneighbors(X)` last column. A point whose k-distance is
 * at most eps is a core point for (eps, min_samples = k). Above `sampleSize` points the k-distances of
 * a seeded random sample are computed (each against every point), so the cost is sample × n.
 *
 * @example
 * kDistances([[0], [1], [3], [6], [10]], 2); // => [1, 1, 2, 3, 4] (nearest other point)
 */
export function kDistances(points: readonly (readonly number[])[], k: number, options: { sampleSize?: number; seed?: number } = {}): { indices: number[]; distances: number[] } {
  const n = points.length;
  if (!Number.isInteger(k) || k < 1) throw new Error(`min_samples must be a whole number ≥ 1 (got ${k})`);
  if (k > n) throw new Error(`min_samples (${k}) is more than the ${n} rows`);
  const size = Math.min(options.sampleSize ?? n, n);
  let indices = Array.from({ length: n }, (_, i) => i);
  if (size < n) {
    // Partial Fisher–Yates shuffle, as the silhouette's sample: the first `size` indices are a uniform sample.
    const rand = mulberry32(options.seed ?? 0);
    for (let i = 0; i < size; i++) {
      const j = i + Math.floor(rand() * (n - i));
      [indices[i], indices[j]] = [indices[j]!, indices[i]!];
    }
    indices = indices.slice(0, size).sort((a, b) => a - b);
  }
  const d = points[0]?.length ?? 0;
  const x = new Float64Array(n * d);
  points.forEach((p, i) => p.forEach((v, j) => (x[i * d + j] = v)));
  // The k smallest squared distances so far, kept sorted ascending (k is small).
  const best = new Float64Array(k);
  const distances = indices.map((i) => {
    best.fill(Infinity);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < d; q++) {
        const dv = x[i * d + q]! - x[j * d + q]!;
        s += dv * dv;
      }
      if (s >= best[k - 1]!) continue;
      let p = k - 1;
      while (p > 0 && best[p - 1]! > s) {
        best[p] = best[p - 1]!;
        p--;
      }
      best[p] = s;
    }
    return Math.sqrt(best[k - 1]!);
  });
  return { indices, distances };
}
