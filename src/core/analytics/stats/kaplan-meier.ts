/**
 * Kaplan–Meier survival curves with R's `survival` package conventions (survfit, print.survfit,
 * summary.survfit, Therneau), computed from counts per distinct time — the reduced table an engine's
 * GROUP BY returns — so it scales to any number of subjects.
 *
 * - A subject censored at t is still at risk at t: n_risk(t) counts every time ≥ t.
 * - S(t) = Π_{tᵢ ≤ t} (1 − dᵢ / nᵢ).
 * - Greenwood: se(−log S) = √Σ dᵢ / (nᵢ (nᵢ − dᵢ)); the standard error of S is S · that (summary.survfit's `std.err`).
 * - Intervals (conf.type): `log` exp(log S ± z se), the default; `log-log`
 *   exp(−exp(log(−log S) ± z se / |log S|)); `plain` S ± z S se. Clipped to [0, 1]; undefined (null)
 *   where S = 0, and `log-log` also where S = 1 (log(−log 1) is −∞), as R gives NA; where S = 1 with
 *   no event yet the log and plain bands are [1, 1].
 */
import { normalQuantile } from './distributions.ts';

export type ConfType = 'log' | 'log-log' | 'plain';

/** Events and censorings at one distinct time. */
export interface TimeCounts {
  time: number;
  events: number;
  censored: number;
}

export interface CurvePoint {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  survival: number;
  /** Standard error of S(t) (Greenwood); null where S = 0. */
  stdErr: number | null;
  lower: number | null;
  upper: number | null;
}

export interface KaplanMeierOptions {
  confType?: ConfType;
  /** Confidence level of the band, default 0.95. */
  confLevel?: number;
}

/**
 * The product-limit curve: one point per distinct time (events or censorings), in time order.
 *
 * @example
 * // aml, Maintained (R survival::aml): at t = 9, n_risk 11, S = 10/11 = 0.909, std.err 0.0867,
 * // log band 0.7541 – 1 (summary(survfit(Surv(time, status) ~ x, aml)), tests/doaml.Rout.save).
 */
export function kaplanMeier(counts: readonly TimeCounts[], options: KaplanMeierOptions = {}): CurvePoint[] {
  const confType = options.confType ?? 'log';
  const level = options.confLevel ?? 0.95;
  if (!(level > 0 && level < 1)) throw new Error(`the confidence level must be between 0 and 1 (got ${level})`);
  const z = normalQuantile(1 - (1 - level) / 2);
  const sorted = [...counts].sort((a, b) => a.time - b.time);
  for (const c of sorted) {
    if (!(c.events >= 0 && c.censored >= 0)) throw new Error(`negative counts at time ${c.time}`);
  }
  let atRisk = sorted.reduce((s, c) => s + c.events + c.censored, 0);
  let survival = 1;
  let greenwood = 0;
  const out: CurvePoint[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i]!;
    // Equal times given as several rows are one time point.
    let events = c.events;
    let censored = c.censored;
    while (i + 1 < sorted.length && sorted[i + 1]!.time === c.time) {
      i++;
      events += sorted[i]!.events;
      censored += sorted[i]!.censored;
    }
    if (events + censored === 0) continue;
    const n = atRisk;
    if (events > 0) {
      survival *= 1 - events / n;
      greenwood = n > events ? greenwood + events / (n * (n - events)) : Infinity;
    }
    const se = Math.sqrt(greenwood);
    const band = interval(survival, se, z, confType);
    out.push({ time: c.time, nRisk: n, nEvent: events, nCensor: censored, survival, stdErr: survival > 0 ? survival * se : null, ...band });
    atRisk -= events + censored;
  }
  return out;
}

/** The band at one point from S and se(−log S). */
function interval(s: number, se: number, z: number, type: ConfType): { lower: number | null; upper: number | null } {
  if (s <= 0 || !Number.isFinite(se)) return { lower: null, upper: null };
  const clip = (v: number) => Math.min(1, Math.max(0, v));
  if (type === 'log') return { lower: clip(s * Math.exp(-z * se)), upper: clip(s * Math.exp(z * se)) };
  if (type === 'plain') return { lower: clip(s - z * s * se), upper: clip(s + z * s * se) };
  if (s >= 1) return { lower: null, upper: null };
  const loglog = Math.log(-Math.log(s));
  const spread = (z * se) / Math.abs(Math.log(s));
  return { lower: Math.exp(-Math.exp(loglog + spread)), upper: Math.exp(-Math.exp(loglog - spread)) };
}

/**
 * The time a curve (or a band) first reaches `p` or below, as R's quantile.survfit: the first time
 * with value ≤ p; when the value equals p (within √ε) over a flat stretch, the midpoint between that
 * time and the next time the value changes (R's rule for an exact 0.5). Null when it never gets there.
 */
export function firstTimeAtOrBelow(times: readonly number[], values: readonly (number | null)[], p: number): number | null {
  const tolerance = Math.sqrt(Number.EPSILON);
  for (let i = 0; i < times.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || v > p + tolerance) continue;
    if (Math.abs(v - p) < tolerance) {
      for (let j = i + 1; j < times.length; j++) {
        const w = values[j];
        if (w !== null && w !== undefined && Math.abs(w - v) >= tolerance) return (times[i]! + times[j]!) / 2;
      }
    }
    return times[i]!;
  }
  return null;
}

export interface MedianSurvival {
  median: number | null;
  /** The median's interval: the first times the lower and the upper band reach 0.5 (null: not reached, R's NA). */
  lower: number | null;
  upper: number | null;
}

/**
 * Median survival and its interval as print.survfit shows them (Brookmeyer–Crowley by inverting the
 * pointwise band): median where S first reaches 0.5, lower limit where the lower band does, upper
 * limit where the upper band does.
 *
 * @example
 * // aml Maintained: median 31, 0.95LCL 18, 0.95UCL NA (print(survfit(...)), tests/doaml.Rout.save)
 */
export function medianSurvival(curve: readonly CurvePoint[]): MedianSurvival {
  const times = curve.map((p) => p.time);
  return {
    median: firstTimeAtOrBelow(times, curve.map((p) => p.survival), 0.5),
    lower: firstTimeAtOrBelow(times, curve.map((p) => p.lower), 0.5),
    upper: firstTimeAtOrBelow(times, curve.map((p) => p.upper), 0.5),
  };
}

export interface PointAtTime {
  time: number;
  /** Subjects at risk at the time (observed time ≥ t). */
  nRisk: number;
  /** Events since the previous time asked for (from the start for the first), as summary(fit, times = …). */
  nEvent: number;
  survival: number;
  stdErr: number | null;
  lower: number | null;
  upper: number | null;
}

/**
 * The curve read at chosen times, as R's summary(survfit, times = …) with extend = FALSE: S, its
 * error and band from the last curve point at or before t (1 and a zero band before the first), the
 * number at risk at t, and the events since the previous time. Times past the last observed time are
 * left out (the curve says nothing there).
 *
 * @example
 * // aml Maintained at 20 weeks: S = 0.716 (from t = 18), 7 at risk (23, 28, 31, 34, 45, 48, 161), 3 events.
 */
export function survivalAt(curve: readonly CurvePoint[], times: readonly number[]): PointAtTime[] {
  const last = curve[curve.length - 1]?.time ?? -Infinity;
  const sorted = [...new Set(times)].filter((t) => t <= last).sort((a, b) => a - b);
  let previous = -Infinity;
  return sorted.map((t) => {
    let at: CurvePoint | undefined;
    let nEvent = 0;
    for (const p of curve) {
      if (p.time <= t) at = p;
      if (p.time > previous && p.time <= t) nEvent += p.nEvent;
    }
    // n at risk at t: the risk set of the first point at or after t (everyone still observed then).
    const next = curve.find((p) => p.time >= t);
    const nRisk = next ? next.nRisk : 0;
    previous = t;
    return at
      ? { time: t, nRisk, nEvent, survival: at.survival, stdErr: at.stdErr, lower: at.lower, upper: at.upper }
      : { time: t, nRisk, nEvent, survival: 1, stdErr: 0, lower: 1, upper: 1 };
  });
}
