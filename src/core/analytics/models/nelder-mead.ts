export interface NelderMeadOptions {
  /** Maximum function evaluations (default 200 n + 400: generous for the 1 to 3 parameters fitted here). */
  maxEvaluations?: number;
  /** Stop when the simplex's function values span less than this (default 1e-10, relative + absolute). */
  tol?: number;
  /** Initial step along each axis (default 0.1 = a tenth of the unit interval, suited to [0,1] parameters). */
  step?: number;
}

export interface NelderMeadResult {
  x: number[];
  value: number;
  evaluations: number;
  converged: boolean;
}

/**
 * Minimises f by the Nelder–Mead downhill simplex (Nelder & Mead 1965) with the standard
 * coefficients: reflection 1, expansion 2, contraction 1/2, shrink 1/2 (Lagarias et al. 1998).
 * Derivative-free and small; used to fit smoothing parameters by least squares. Box constraints are
 * the caller's job (e.g. clamp inside f).
 *
 * @example
 * nelderMead(([x, y]) => (x - 1) ** 2 + (y + 2) ** 2, [0, 0]).x; // => about [1, -2]
 */
export function nelderMead(f: (x: number[]) => number, start: number[], options: NelderMeadOptions = {}): NelderMeadResult {
  const n = start.length;
  const maxEvaluations = options.maxEvaluations ?? 200 * n + 400;
  const tol = options.tol ?? 1e-10;
  const step = options.step ?? 0.1;
  let evaluations = 0;
  const evalf = (x: number[]) => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };
  let simplex: { x: number[]; v: number }[] = [{ x: [...start], v: evalf(start) }];
  for (let i = 0; i < n; i++) {
    const x = [...start];
    x[i] = x[i]! + (x[i] !== 0 ? step * Math.max(1, Math.abs(x[i]!)) : step);
    simplex.push({ x, v: evalf(x) });
  }
  const combine = (a: number[], b: number[], t: number) => a.map((ai, i) => ai + t * (b[i]! - ai));
  let converged = false;
  while (evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    if (Math.abs(worst.v - best.v) <= tol * (Math.abs(best.v) + tol)) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i]! += simplex[k]!.x[i]! / n;
    const xr = combine(centroid, worst.x, -1);
    const vr = evalf(xr);
    if (vr < best.v) {
      const xe = combine(centroid, worst.x, -2);
      const ve = evalf(xe);
      simplex[n] = ve < vr ? { x: xe, v: ve } : { x: xr, v: vr };
    } else if (vr < simplex[n - 1]!.v) {
      simplex[n] = { x: xr, v: vr };
    } else {
      const outside = vr < worst.v;
      const xc = outside ? combine(centroid, xr, 0.5) : combine(centroid, worst.x, 0.5);
      const vc = evalf(xc);
      if (vc < (outside ? vr : worst.v)) {
        simplex[n] = { x: xc, v: vc };
      } else {
        simplex = simplex.map((p, k) => (k === 0 ? p : { x: combine(best.x, p.x, 0.5), v: evalf(combine(best.x, p.x, 0.5)) }));
      }
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { x: simplex[0]!.x, value: simplex[0]!.v, evaluations, converged };
}
