/**
 * Geo experiments: difference-in-differences and synthetic control on a balanced panel of regions ×
 * dates (one value per region and date).
 *
 * DiD is computed on region-level pre / post means — the "collapse" estimator Bertrand, Duflo &
 * Mullainathan (2004) recommend because daily values within a region are serially correlated, so the
 * region, not the region-day, is the independent unit (equivalent to clustering by region). With
 * d_i = mean(post_i) − mean(pre_i): estimate = mean(d, treated) − mean(d, control). Its standard error:
 * - two or more treated and control regions: Welch, √(s²_T/n_T + s²_C/n_C), Welch–Satterthwaite df;
 * - one treated region: its d has no spread of its own, so the controls' spread stands in (the treated
 *   region's d is taken as one more draw): s_C·√(1 + 1/n_C), df n_C − 1 (a prediction interval).
 * The parallel-trends check runs the same test on each region's pre-period OLS slope (value per day):
 * slope(treated) − slope(control), with its p-value; a small p says the trends were not parallel.
 *
 * Synthetic control (Abadie, Diamond & Hainmueller 2010): the treated series (mean of the treated
 * regions) is matched on the pre-period by a convex combination of the control regions (weights ≥ 0,
 * summing to 1, simplexLeastSquares). Pre-period fit: RMSPE = √mean(gap²); the post-period gap is
 * treated − synthetic. Placebo in space (ADH 2010 §2.4): each control region in turn is treated as if
 * treated, fitted from the other controls; p = (number of units, the treated included, whose post/pre
 * RMSPE ratio is at least the treated unit's) / (number of placebos + 1).
 */
import { tCdf, tQuantile } from '../stats/distributions.ts';
import { simplexLeastSquares } from './simplex-least-squares.ts';

export interface Panel {
  /** Region names, in the order of `values`. */
  regions: string[];
  /** values[r][t]: the value of region r on date t (every date present). */
  values: number[][];
  /** Index of the first post-period date. */
  start: number;
  /** Indices of treated regions. */
  treated: number[];
}

export interface GroupTest {
  estimate: number;
  se: number | null;
  df: number | null;
  pValue: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface DidResult extends GroupTest {
  treatedPre: number;
  treatedPost: number;
  controlPre: number;
  controlPost: number;
  /** estimate / (treatedPre + controlPost − controlPre): the lift relative to the counterfactual. */
  relativeLift: number | null;
  preTrend: GroupTest;
}

export interface SyntheticResult {
  weights: { region: string; weight: number }[];
  treated: number[];
  synthetic: number[];
  preRmspe: number;
  postRmspe: number;
  ratio: number;
  meanPostGap: number;
  relativeLift: number | null;
  /** `used`: counted in the p-value (all, unless a fit limit leaves the poorly fitted out). */
  placebos: { region: string; preRmspe: number; postRmspe: number; ratio: number; used: boolean }[];
  /** Abadie's placebo p-value over the placebos used; null without any. */
  placeboP: number | null;
  /** Rank of the treated ratio among the treated unit and the placebos used (1 = largest). */
  rank: number;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: readonly number[]) => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};

/** Treated vs control comparison of one number per region, with the SE rules above. */
export function compareGroups(treated: readonly number[], control: readonly number[], level = 0.95): GroupTest {
  const estimate = mean(treated) - mean(control);
  const nT = treated.length;
  const nC = control.length;
  let se: number | null = null;
  let df: number | null = null;
  if (nT >= 2 && nC >= 2) {
    const a = variance(treated) / nT;
    const b = variance(control) / nC;
    se = Math.sqrt(a + b);
    df = (a + b) ** 2 / (a ** 2 / (nT - 1) + b ** 2 / (nC - 1));
  } else if (nT === 1 && nC >= 2) {
    se = Math.sqrt(variance(control) * (1 + 1 / nC));
    df = nC - 1;
  }
  if (se === null || df === null || !(se > 0) || !Number.isFinite(df)) return { estimate, se: se && se > 0 ? se : null, df: null, pValue: null, ciLow: null, ciHigh: null };
  const t = estimate / se;
  const q = tQuantile(1 - (1 - level) / 2, df);
  return { estimate, se, df, pValue: 2 * (1 - tCdf(Math.abs(t), df)), ciLow: estimate - q * se, ciHigh: estimate + q * se };
}

/** OLS slope of ys on 0, 1, 2, … */
export function slope(ys: readonly number[]): number {
  const n = ys.length;
  const xm = (n - 1) / 2;
  const ym = mean(ys);
  let sxy = 0;
  let sxx = 0;
  ys.forEach((y, x) => {
    sxy += (x - xm) * (y - ym);
    sxx += (x - xm) ** 2;
  });
  return sxx > 0 ? sxy / sxx : 0;
}

function checkPanel(p: Panel): void {
  if (p.start < 2) throw new Error('needs at least 2 pre-period dates');
  if (p.start >= (p.values[0]?.length ?? 0)) throw new Error('needs at least 1 post-period date');
  if (p.treated.length === 0) throw new Error('no treated region');
  if (p.regions.length - p.treated.length === 0) throw new Error('no control region');
}

export function differenceInDifferences(p: Panel, level = 0.95): DidResult {
  checkPanel(p);
  const isTreated = new Set(p.treated);
  const pre = p.values.map((v) => mean(v.slice(0, p.start)));
  const post = p.values.map((v) => mean(v.slice(p.start)));
  const d = p.values.map((_, r) => post[r]! - pre[r]!);
  const pick = (xs: number[], t: boolean) => xs.filter((_, r) => isTreated.has(r) === t);
  const test = compareGroups(pick(d, true), pick(d, false), level);
  const slopes = p.values.map((v) => slope(v.slice(0, p.start)));
  const preTrend = compareGroups(pick(slopes, true), pick(slopes, false), level);
  const [treatedPre, treatedPost, controlPre, controlPost] = [mean(pick(pre, true)), mean(pick(post, true)), mean(pick(pre, false)), mean(pick(post, false))];
  const counterfactual = treatedPre + controlPost - controlPre;
  return { ...test, treatedPre, treatedPost, controlPre, controlPost, relativeLift: counterfactual !== 0 ? test.estimate / counterfactual : null, preTrend };
}

function fitSynthetic(target: readonly number[], donors: readonly (readonly number[])[], start: number) {
  const fit = simplexLeastSquares(donors.map((d) => d.slice(0, start)), target.slice(0, start));
  const synthetic = target.map((_, t) => donors.reduce((s, d, j) => s + fit.weights[j]! * d[t]!, 0));
  const gaps = target.map((y, t) => y - synthetic[t]!);
  const rmspe = (g: number[]) => Math.sqrt(mean(g.map((x) => x * x)));
  const preRmspe = rmspe(gaps.slice(0, start));
  const postRmspe = rmspe(gaps.slice(start));
  return { weights: fit.weights, synthetic, gaps, preRmspe, postRmspe, ratio: preRmspe > 0 ? postRmspe / preRmspe : Infinity };
}

/**
 * @param placeboFitLimit - ADH 2010 (Figures 5–7) also report the p-value over only the placebos fitted
 *   about as well as the treated unit: those whose pre-period RMSPE is at most this multiple of the
 *   treated one's (they used MSPE multiples 20, 5 and 2, i.e. RMSPE multiples √20, √5, √2). Others are
 *   left out of the p-value (still listed, with `used` false).
 */
export function syntheticControl(p: Panel, placeboFitLimit?: number): SyntheticResult {
  checkPanel(p);
  const isTreated = new Set(p.treated);
  const controls = p.regions.map((_, r) => r).filter((r) => !isTreated.has(r));
  const T = p.values[0]!.length;
  const treated = Array.from({ length: T }, (_, t) => mean(p.treated.map((r) => p.values[r]![t]!)));
  const main = fitSynthetic(treated, controls.map((r) => p.values[r]!), p.start);
  const placebos = controls.length >= 2
    ? controls.map((r) => {
        const f = fitSynthetic(p.values[r]!, controls.filter((c) => c !== r).map((c) => p.values[c]!), p.start);
        return { region: p.regions[r]!, preRmspe: f.preRmspe, postRmspe: f.postRmspe, ratio: f.ratio };
      })
    : [];
  const used = placebos.map((x) => placeboFitLimit === undefined || x.preRmspe <= placeboFitLimit * main.preRmspe);
  const kept = placebos.filter((_, i) => used[i]);
  const atLeast = kept.filter((x) => x.ratio >= main.ratio).length;
  const postGaps = main.gaps.slice(p.start);
  const postSynthetic = mean(main.synthetic.slice(p.start));
  return {
    weights: controls.map((r, j) => ({ region: p.regions[r]!, weight: main.weights[j]! })),
    treated, synthetic: main.synthetic, preRmspe: main.preRmspe, postRmspe: main.postRmspe, ratio: main.ratio,
    meanPostGap: mean(postGaps), relativeLift: postSynthetic !== 0 ? mean(postGaps) / postSynthetic : null,
    placebos: placebos.map((x, i) => ({ ...x, used: used[i]! })), placeboP: kept.length ? (atLeast + 1) / (kept.length + 1) : null, rank: atLeast + 1,
  };
}
