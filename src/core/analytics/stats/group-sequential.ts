/**
 * Group-sequential boundaries for K interim looks at a normally distributed test statistic: the
 * Lan–DeMets alpha-spending boundaries (O'Brien–Fleming-type and Pocock-type spending functions) and
 * the classic constant Pocock and O'Brien–Fleming boundaries.
 *
 * The sequential z statistics Z_1..Z_K at information fractions t_1 < … < t_K have, under H0, the
 * joint law of Brownian motion W(t_k) / sqrt(t_k). Crossing probabilities are found by recursive
 * numerical integration (Armitage, McPherson & Rowe 1969; Jennison & Turnbull 2000, ch. 19): the
 * sub-density of Z_k on the continuation region is carried from look to look on a grid and integrated
 * with Simpson's rule. The spending boundary at look k spends only that look's increment of alpha
 * given the earlier boundaries, as R's gsDesign, ldbounds and rpact compute it.
 */
import { normalQuantile, normalSf } from './distributions.ts';

/** Lan–DeMets spending function families. */
export type SpendingFunction = 'obf' | 'pocock';

/**
 * Cumulative alpha spent by information fraction `t` (0..1), for a one-sided level `alpha`.
 * O'Brien–Fleming type: 2 − 2Φ(z_{1−α/2} / √t); Pocock type: α ln(1 + (e − 1) t) (Lan & DeMets 1983).
 *
 * @example
 * alphaSpent('obf', 1, 0.025); // => 0.025
 * alphaSpent('pocock', 0.5, 0.025); // => 0.025 * ln(1 + (e - 1) / 2) ≈ 0.015505
 */
export function alphaSpent(fn: SpendingFunction, t: number, alpha: number): number {
  if (t <= 0) return 0;
  if (t >= 1) return alpha;
  if (fn === 'pocock') return alpha * Math.log(1 + (Math.E - 1) * t);
  return 2 * normalSf(normalQuantile(1 - alpha / 2) / Math.sqrt(t));
}

/** A sub-density of Z_k on a grid over its continuation region, with Simpson weights. */
interface GridDensity {
  z: Float64Array;
  /** density × Simpson weight, ready to sum. */
  wf: Float64Array;
}

/** Where the grid stops: P(|Z| > 12) ≈ 4e-33, far below any alpha, so a higher boundary changes nothing. */
const LOWER_CUT = -12;
const UPPER_CUT = 12;

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const phi = (x: number) => Math.exp(-0.5 * x * x) / SQRT_2PI;

/** Simpson grid over [lo, hi] with an even number of steps no wider than `h`. */
function simpsonGrid(lo: number, hi: number, h: number): { z: Float64Array; w: Float64Array } {
  let m = Math.max(2, Math.ceil((hi - lo) / h));
  if (m % 2) m += 1;
  const step = (hi - lo) / m;
  const z = new Float64Array(m + 1);
  const w = new Float64Array(m + 1);
  for (let i = 0; i <= m; i++) {
    z[i] = lo + i * step;
    w[i] = (step / 3) * (i === 0 || i === m ? 1 : i % 2 ? 4 : 2);
  }
  return { z, w };
}

/** Grid step for a transition of standard deviation `sd` (in z units): ten points per sd, at most 0.02. */
const stepFor = (sd: number) => Math.min(0.02, sd / 10);

/** Z_1's density on (lo, hi). */
function firstDensity(lo: number, hi: number, sdNext: number): GridDensity {
  const { z, w } = simpsonGrid(lo, hi, stepFor(sdNext));
  const wf = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) wf[i] = w[i]! * phi(z[i]!);
  return { z, wf };
}

/** P(continue to look k−1 and Z_k > b), given the sub-density of Z_{k−1}. */
function exitAbove(prev: GridDensity, tPrev: number, t: number, b: number): number {
  const sd = Math.sqrt(t - tPrev);
  const st = Math.sqrt(t);
  const sp = Math.sqrt(tPrev);
  let p = 0;
  for (let j = 0; j < prev.z.length; j++) p += prev.wf[j]! * normalSf((b * st - prev.z[j]! * sp) / sd);
  return p;
}

/** P(continue to look k−1 and Z_k < a). */
function exitBelow(prev: GridDensity, tPrev: number, t: number, a: number): number {
  const sd = Math.sqrt(t - tPrev);
  const st = Math.sqrt(t);
  const sp = Math.sqrt(tPrev);
  let p = 0;
  for (let j = 0; j < prev.z.length; j++) p += prev.wf[j]! * normalSf(-(a * st - prev.z[j]! * sp) / sd);
  return p;
}

/** Sub-density of Z_k on (lo, hi), from that of Z_{k−1}. */
function nextDensity(prev: GridDensity, tPrev: number, t: number, lo: number, hi: number, sdNext: number): GridDensity {
  const sd = Math.sqrt(t - tPrev);
  const st = Math.sqrt(t);
  const sp = Math.sqrt(tPrev);
  const scale = st / sd;
  const { z, w } = simpsonGrid(lo, hi, Math.min(stepFor(sd / st), stepFor(sdNext)));
  const wf = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    let f = 0;
    for (let j = 0; j < prev.z.length; j++) f += prev.wf[j]! * phi((z[i]! * st - prev.z[j]! * sp) / sd);
    wf[i] = w[i]! * f * scale;
  }
  return { z, wf };
}

/** Per-look boundaries: reject upward above `upper`, downward below `lower` (−Infinity for none). */
export interface LookBounds {
  upper: number;
  lower: number;
}

/** Crossing probabilities per look under H0. */
export interface Crossing {
  upper: number[];
  lower: number[];
}

function checkFractions(t: readonly number[]): void {
  if (t.length === 0) throw new Error('needs at least one look');
  t.forEach((x, k) => {
    if (!(x > 0 && x <= 1)) throw new Error(`information fraction ${k + 1} is ${x}; fractions must be in (0, 1]`);
    if (k > 0 && !(x > t[k - 1]!)) throw new Error(`information fractions must increase: look ${k} is ${t[k - 1]}, look ${k + 1} is ${x}`);
  });
}

/** Transition sd in z units from look k to k+1 (the grid must resolve it). */
const sdBetween = (t: readonly number[], k: number) => (k + 1 < t.length ? Math.sqrt((t[k + 1]! - t[k]!) / t[k + 1]!) : 1);

/**
 * Probability under H0 of first crossing the upper / lower boundary at each look.
 *
 * @example
 * // Pocock's constant for K = 5, two-sided 0.05 (Jennison & Turnbull Table 2.1): total ≈ 0.05
 * const c = 2.413;
 * crossingProbabilities([0.2, 0.4, 0.6, 0.8, 1], Array(5).fill({ upper: c, lower: -c }));
 */
export function crossingProbabilities(t: readonly number[], bounds: readonly LookBounds[]): Crossing {
  checkFractions(t);
  const upper: number[] = [];
  const lower: number[] = [];
  let dens: GridDensity | undefined;
  for (let k = 0; k < t.length; k++) {
    const { upper: b, lower: a } = bounds[k]!;
    if (!dens) {
      upper.push(normalSf(b));
      lower.push(a === -Infinity ? 0 : normalSf(-a));
    } else {
      upper.push(exitAbove(dens, t[k - 1]!, t[k]!, b));
      lower.push(a === -Infinity ? 0 : exitBelow(dens, t[k - 1]!, t[k]!, a));
    }
    if (k + 1 < t.length) {
      const lo = Math.max(a, LOWER_CUT);
      const hi = Math.min(b, UPPER_CUT);
      dens = dens ? nextDensity(dens, t[k - 1]!, t[k]!, lo, hi, sdBetween(t, k)) : firstDensity(lo, hi, sdBetween(t, k));
    }
  }
  return { upper, lower };
}

/**
 * The b in [lo, hi] where a decreasing f crosses `target`, by the Illinois variant of regula falsi
 * (superlinear, ~10 evaluations where bisection needs ~35: each evaluation of a crossing probability
 * is a full recursive integration). Returns lo when f(lo) is already below the target.
 */
function solveDecreasing(f: (b: number) => number, target: number, lo = 0, hi = 40): number {
  let a = lo;
  let b = hi;
  let fa = f(a) - target;
  if (fa < 0) return lo;
  let fb = f(b) - target;
  if (fb >= 0) return hi;
  let side = 0;
  for (let i = 0; i < 100 && b - a > 1e-10; i++) {
    const c = b - (fb * (b - a)) / (fb - fa);
    const fc = f(c) - target;
    if (fc === 0) return c;
    if (fc > 0) {
      a = c;
      fa = fc;
      if (side === 1) fb /= 2;
      side = 1;
    } else {
      b = c;
      fb = fc;
      if (side === -1) fa /= 2;
      side = -1;
    }
    if (Math.abs(fc) <= 1e-13 * target) return c;
  }
  return (a + b) / 2;
}

/** Options of {@link spendingBoundaries}. */
export interface SpendingOptions {
  /** Total type I error: two-sided level when `sides` is 2 (split equally), one-sided level when 1. */
  alpha: number;
  sides: 1 | 2;
  spending: SpendingFunction;
}

/** One look of a spending design. */
export interface SpendingLook {
  fraction: number;
  /** Upper z boundary (the lower one is −upper for two-sided designs). */
  boundary: number;
  /** Total alpha spent by this look (both sides). */
  alphaSpent: number;
  /** Alpha spent at this look (both sides). */
  alphaIncrement: number;
  /** Nominal p-value at the boundary, on the design's sidedness. */
  nominalP: number;
}

/**
 * Lan–DeMets alpha-spending boundaries at the given information fractions. Two-sided designs are
 * symmetric: each side spends half of `alpha` (gsDesign test.type = 2, ldbounds sides = 2).
 *
 * @example
 * spendingBoundaries([0.2, 0.4, 0.6, 0.8, 1], { alpha: 0.05, sides: 2, spending: 'obf' }).map((l) => l.boundary);
 * // => [4.877, 3.357, 2.680, 2.290, 2.031] (ldbounds / gsDesign)
 */
export function spendingBoundaries(t: readonly number[], opts: SpendingOptions): SpendingLook[] {
  checkFractions(t);
  if (!(opts.alpha > 0 && opts.alpha < 1)) throw new Error(`alpha is ${opts.alpha}; it must be between 0 and 1`);
  const side = opts.alpha / opts.sides;
  const looks: SpendingLook[] = [];
  let dens: GridDensity | undefined;
  for (let k = 0; k < t.length; k++) {
    const spent = alphaSpent(opts.spending, t[k]!, side);
    const inc = spent - alphaSpent(opts.spending, k ? t[k - 1]! : 0, side);
    // An increment that underflows (a very early O'Brien–Fleming look) spends nothing: no boundary.
    const b = !(inc > 1e-300) ? Infinity : dens ? solveDecreasing((x) => exitAbove(dens!, t[k - 1]!, t[k]!, x), inc) : -normalQuantile(inc);
    looks.push({ fraction: t[k]!, boundary: b, alphaSpent: spent * opts.sides, alphaIncrement: inc * opts.sides, nominalP: Math.min(1, opts.sides * normalSf(b)) });
    if (k + 1 < t.length) {
      const hi = Math.min(b, UPPER_CUT);
      const lo = opts.sides === 2 ? -hi : LOWER_CUT;
      dens = dens ? nextDensity(dens, t[k - 1]!, t[k]!, lo, hi, sdBetween(t, k)) : firstDensity(lo, hi, sdBetween(t, k));
    }
  }
  return looks;
}

/** Which classic constant boundary. */
export type ClassicBoundary = 'pocock' | 'obf';

/**
 * The classic boundaries for K equally spaced looks: Pocock's constant c at every look, or
 * O'Brien & Fleming's c·sqrt(K/k), with c chosen so the overall level is `alpha`
 * (two-sided: reject when |Z_k| ≥ boundary). Returns the boundary at each look.
 *
 * @example
 * classicBoundaries('pocock', 5, 0.05, 2); // => five times 2.413 (Jennison & Turnbull Table 2.1)
 * classicBoundaries('obf', 5, 0.05, 2)[4]; // => 2.040 (Table 2.3)
 */
export function classicBoundaries(kind: ClassicBoundary, K: number, alpha: number, sides: 1 | 2): number[] {
  if (!(Number.isInteger(K) && K >= 1)) throw new Error(`the number of looks is ${K}; it must be a whole number of at least 1`);
  if (!(alpha > 0 && alpha < 1)) throw new Error(`alpha is ${alpha}; it must be between 0 and 1`);
  const t = Array.from({ length: K }, (_, k) => (k + 1) / K);
  const shape = t.map((_, k) => (kind === 'pocock' ? 1 : Math.sqrt(K / (k + 1))));
  const total = (c: number) => {
    const cr = crossingProbabilities(t, shape.map((s) => ({ upper: c * s, lower: sides === 2 ? -c * s : -Infinity })));
    return cr.upper.reduce((a, v) => a + v, 0) + cr.lower.reduce((a, v) => a + v, 0);
  };
  // c lies between the single-look z and the Bonferroni z over K looks.
  const c = solveDecreasing(total, alpha, normalQuantile(1 - alpha / sides) - 1e-9, normalQuantile(1 - alpha / (sides * K)) + 1e-9);
  return shape.map((s) => c * s);
}
