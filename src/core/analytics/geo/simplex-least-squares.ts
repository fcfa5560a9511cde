/**
 * Least squares on the probability simplex: min ‖y − X·w‖² subject to w ≥ 0, Σ w = 1 — the weights of
 * a synthetic control (Abadie, Diamond & Hainmueller 2010). A convex quadratic programme, solved
 * exactly by the primal active-set method (Nocedal & Wright, Numerical Optimization, 2nd ed., §16.5):
 * with Q = 2XᵀX and c = 2Xᵀy, minimise ½wᵀQw − cᵀw; donors in the working set are held at 0 and the
 * others solve the equality-constrained KKT system [Q_FF 1; 1ᵀ 0][w_F; λ] = [c_F; 1]. An infeasible
 * solution is approached as far as feasibility allows (the blocking donor joins the working set); a
 * feasible one is optimal when every held donor's multiplier (Qw − c)_i + λ is ≥ 0, else the donor
 * with the most negative multiplier is freed. Exact up to rounding, unlike a first-order method on the
 * ill-conditioned donor series that trend together.
 */

export interface SimplexFit {
  weights: number[];
  /** ‖y − Xw‖² at the solution. */
  sse: number;
  iterations: number;
}

/**
 * @param columns - the donors' series, one array per donor (the columns of X), each as long as `y`.
 * @param y - the treated series over the fitting period.
 */
export function simplexLeastSquares(columns: readonly (readonly number[])[], y: readonly number[]): SimplexFit {
  const k = columns.length;
  const n = y.length;
  if (k === 0) throw new Error('no donors to weight');
  if (columns.some((c) => c.length !== n)) throw new Error('every donor needs a value on every fitting date');
  const Q = columns.map((a) => columns.map((b) => 2 * dot(a, b)));
  const c = columns.map((a) => 2 * dot(a, y));
  // A ridge of 1e-12 of the mean diagonal keeps the KKT system solvable when donors are collinear.
  const ridge = 1e-12 * (Q.reduce((s, row, i) => s + row[i]!, 0) / k || 1);
  // Start at the best single donor (a vertex of the simplex, feasible).
  const single = columns.map((col) => col.reduce((s, x, t) => s + (y[t]! - x) ** 2, 0));
  const first = single.indexOf(Math.min(...single));
  let w: number[] = columns.map((_, i) => (i === first ? 1 : 0));
  const held = new Set(columns.map((_, i) => i).filter((i) => i !== first));
  let it = 0;
  for (; it < 100 * (k + 1); it++) {
    const free = columns.map((_, i) => i).filter((i) => !held.has(i));
    const m = free.length;
    const A = free.map((i) => [...free.map((j) => Q[i]![j]! + (i === j ? ridge : 0)), 1, c[i]!]);
    A.push([...free.map(() => 1), 0, 1]);
    const sol = solve(A);
    const target = columns.map(() => 0);
    free.forEach((i, r) => (target[i] = sol[r]!));
    const lambda = sol[m]!;
    if (free.every((i) => target[i]! >= -1e-15)) {
      w = target.map((x) => Math.max(0, x));
      const g = Q.map((row) => dot(row, w)).map((x, i) => x - c[i]!);
      let worst = -1;
      let worstMu = -1e-10 * Math.max(1, ...c.map(Math.abs));
      for (const i of held) {
        const mu = g[i]! + lambda;
        if (mu < worstMu) {
          worstMu = mu;
          worst = i;
        }
      }
      if (worst < 0) break;
      held.delete(worst);
    } else {
      // Move toward the target until a free weight hits 0; that donor is held.
      let alpha = 1;
      let blocking = -1;
      for (const i of free) {
        if (target[i]! < w[i]!) {
          const a = w[i]! / (w[i]! - target[i]!);
          if (a < alpha) {
            alpha = a;
            blocking = i;
          }
        }
      }
      w = w.map((x, i) => x + alpha * (target[i]! - x));
      if (blocking >= 0) {
        w[blocking] = 0;
        held.add(blocking);
      }
    }
  }
  const total = w.reduce((a, b) => a + b, 0);
  w = w.map((x) => x / total);
  return { weights: w, sse: y.reduce((s, yt, t) => s + (yt - columns.reduce((a, col, j) => a + w[j]! * col[t]!, 0)) ** 2, 0), iterations: it };
}

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

/** Solve the augmented system [A | b] (rows of m + 1 values) by Gaussian elimination with partial pivoting. */
function solve(rows: number[][]): number[] {
  const m = rows.length;
  const a = rows.map((r) => [...r]);
  for (let col = 0; col < m; col++) {
    let p = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[p]![col]!)) p = r;
    [a[col], a[p]] = [a[p]!, a[col]!];
    const pivot = a[col]![col]!;
    if (pivot === 0) continue;
    for (let r = 0; r < m; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / pivot;
      if (f !== 0) for (let k = col; k <= m; k++) a[r]![k]! -= f * a[col]![k]!;
    }
  }
  return a.map((r, i) => (r[i] === 0 ? 0 : r[m]! / r[i]!));
}
