/**
 * Group-sequential monitoring of a two-arm test on a proportion: the cumulative two-proportion z at
 * each look, compared with Lan–DeMets spending boundaries, with a stop flag at the first crossing.
 * Efficacy mode tests for a difference (two-sided, or one-sided in `direction`); guardrail mode is
 * one-sided toward harm and stops as soon as harm crosses its boundary.
 */
import { classicBoundaries, spendingBoundaries, type SpendingFunction } from './group-sequential.ts';
import { twoProportionZTest } from './two-proportion-z-test.ts';

/** Cumulative counts of both arms at one look. */
export interface LookCounts {
  label: string;
  controlSuccesses: number;
  controlTrials: number;
  treatmentSuccesses: number;
  treatmentTrials: number;
}

/** Options of {@link sequentialMonitor}. */
export interface MonitorOptions {
  /** Planned number of looks. */
  looks: number;
  /** Planned information fractions (increasing, the last 1); default k / K. */
  fractions?: number[];
  /** Planned total trials (both arms): information fraction = cumulative trials / maxTrials. */
  maxTrials?: number;
  alpha: number;
  spending: SpendingFunction;
  mode: 'efficacy' | 'guardrail';
  /** Efficacy: 2 (a difference either way) or 1 (toward `direction`). Guardrail is always one-sided. */
  sides: 1 | 2;
  /** One-sided designs: which change counts — harm for a guardrail, improvement for efficacy. */
  direction: 'increase' | 'decrease';
}

/** One row of the monitoring table (observed looks first, then the planned looks still to come). */
export interface MonitorRow {
  look: number;
  look_value: string | null;
  information_fraction: number;
  control_successes: number | null;
  control_trials: number | null;
  treatment_successes: number | null;
  treatment_trials: number | null;
  control_rate: number | null;
  treatment_rate: number | null;
  z: number | null;
  /** z boundary above (two-sided, or one-sided toward an increase); null otherwise. */
  upper: number | null;
  /** z boundary below (two-sided, or one-sided toward a decrease); null otherwise. */
  lower: number | null;
  alpha_spent: number;
  nominal_p: number;
  /** Classic Pocock |z| boundary for the planned K equally spaced looks (Jennison & Turnbull Table 2.1). */
  pocock_fixed: number | null;
  /** Classic O'Brien–Fleming |z| boundary c·sqrt(K/k) (Jennison & Turnbull Table 2.3). */
  obf_fixed: number | null;
  crossed: boolean | null;
  stop: boolean;
  decision: string;
}

/**
 * The information fractions of every look: observed ones from the counts when `maxTrials` is set.
 *
 * @example
 * lookFractions([], { looks: 4, alpha: 0.05, spending: 'obf', mode: 'efficacy', sides: 2, direction: 'increase' }); // => [0.25, 0.5, 0.75, 1]
 */
export function lookFractions(observed: readonly LookCounts[], opts: MonitorOptions): number[] {
  const K = opts.looks;
  const planned = opts.fractions ?? Array.from({ length: K }, (_, k) => (k + 1) / K);
  if (planned.length !== K) throw new Error(`\`fractions\` has ${planned.length} values but \`looks\` is ${K}`);
  if (Math.abs(planned[K - 1]! - 1) > 1e-9) throw new Error(`the last information fraction must be 1 (got ${planned[K - 1]})`);
  if (opts.maxTrials === undefined) return planned;
  const seen = observed.map((c) => Math.min(1, (c.controlTrials + c.treatmentTrials) / opts.maxTrials!));
  const full = seen.findIndex((f) => f >= 1);
  if (full >= 0 && full < seen.length - 1) {
    throw new Error(`look ${full + 1} (${observed[full]!.label}) already reached \`max_trials\` (${opts.maxTrials}) but the data has ${seen.length - full - 1} later look(s); raise \`max_trials\` to the planned total`);
  }
  const last = seen.length ? seen[seen.length - 1]! : 0;
  // Reaching the planned total makes that look the final one; otherwise space the looks to come
  // evenly between the last observed fraction and 1.
  if (last >= 1) return seen;
  const rest = K - seen.length;
  return [...seen, ...Array.from({ length: rest }, (_, j) => last + ((1 - last) * (j + 1)) / rest)];
}

/**
 * Monitor a two-arm test look by look.
 *
 * @example
 * sequentialMonitor([{ label: 'week 1', controlSuccesses: 50, controlTrials: 10000, treatmentSuccesses: 90, treatmentTrials: 10000 }],
 *   { looks: 5, alpha: 0.05, spending: 'pocock', mode: 'guardrail', sides: 1, direction: 'increase' });
 * // => look 1: z = 3.39 above the one-sided Pocock-type boundary 2.18: stop (harm)
 */
export function sequentialMonitor(observed: readonly LookCounts[], opts: MonitorOptions): MonitorRow[] {
  if (!(Number.isInteger(opts.looks) && opts.looks >= 1)) throw new Error(`\`looks\` is ${opts.looks}; it must be a whole number of at least 1`);
  if (observed.length > opts.looks) throw new Error(`the data has ${observed.length} looks but \`looks\` plans ${opts.looks}; raise \`looks\` or aggregate the look column`);
  const sides = opts.mode === 'guardrail' ? 1 : opts.sides;
  const t = lookFractions(observed, opts);
  const bounds = spendingBoundaries(t, { alpha: opts.alpha, sides, spending: opts.spending });
  const pocock = classicBoundaries('pocock', opts.looks, opts.alpha, sides);
  const obf = classicBoundaries('obf', opts.looks, opts.alpha, sides);
  const sign = sides === 1 && opts.direction === 'decrease' ? -1 : 1;
  let stoppedAt: number | null = null;
  return t.map((fraction, k) => {
    const c = observed[k];
    const b = bounds[k]!;
    let z: number | null = null;
    let crossed: boolean | null = null;
    if (c) {
      z = c.controlTrials > 0 && c.treatmentTrials > 0 ? twoProportionZTest(c.treatmentSuccesses, c.treatmentTrials, c.controlSuccesses, c.controlTrials).z : null;
      crossed = z === null ? false : sides === 2 ? Math.abs(z) >= b.boundary : sign * z >= b.boundary;
    }
    const stop = crossed === true && stoppedAt === null;
    if (stop) stoppedAt = k;
    let decision: string;
    if (!c) decision = stoppedAt !== null ? 'not needed (stopped)' : 'planned';
    else if (stop) decision = opts.mode === 'guardrail' ? 'stop: harm' : `stop: treatment ${z! > 0 ? 'higher' : 'lower'}`;
    else if (stoppedAt !== null) decision = `after stop at look ${stoppedAt + 1}`;
    else if (z === null) decision = 'continue (an arm has no trials yet)';
    else decision = k === t.length - 1 ? 'final: no boundary crossed' : 'continue';
    return {
      look: k + 1,
      look_value: c?.label ?? null,
      information_fraction: fraction,
      control_successes: c?.controlSuccesses ?? null,
      control_trials: c?.controlTrials ?? null,
      treatment_successes: c?.treatmentSuccesses ?? null,
      treatment_trials: c?.treatmentTrials ?? null,
      control_rate: c && c.controlTrials > 0 ? c.controlSuccesses / c.controlTrials : null,
      treatment_rate: c && c.treatmentTrials > 0 ? c.treatmentSuccesses / c.treatmentTrials : null,
      z,
      upper: sides === 2 || sign > 0 ? b.boundary : null,
      lower: sides === 2 || sign < 0 ? -b.boundary : null,
      alpha_spent: b.alphaSpent,
      nominal_p: b.nominalP,
      pocock_fixed: k < pocock.length ? pocock[k]! : null,
      obf_fixed: k < obf.length ? obf[k]! : null,
      crossed,
      stop,
      decision,
    };
  });
}
