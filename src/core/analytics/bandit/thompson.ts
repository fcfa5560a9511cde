/**
 * Thompson-sampling allocation (Thompson 1933; Scott 2010, "A modern Bayesian look at the multi-armed
 * bandit"): each arm's click-through rate has the posterior Beta(α0 + clicks, β0 + impressions − clicks)
 * (α0 = β0 = 1: uniform prior); seeded Monte Carlo draws from every posterior give the probability that
 * each arm is best (its share of draws where it is the largest), the suggested share of traffic
 * (randomized probability matching: the probability of being best, optionally with a floor per arm),
 * and the expected loss of choosing the arm, E[max_j p_j − p_k] (Scott 2015, "value remaining").
 */
import { logGamma } from '../models/log-gamma.ts';
import { mulberry32, standardNormal, type Random } from '../random.ts';

/** Gamma(shape, 1) draw by Marsaglia & Tsang (2000); shape < 1 by the boost u^(1/shape). */
export function gammaSample(rand: Random, shape: number): number {
  if (shape < 1) return gammaSample(rand, shape + 1) * Math.pow(rand() || Number.MIN_VALUE, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(rand);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u || Number.MIN_VALUE) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b) draw as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function betaSample(rand: Random, a: number, b: number): number {
  const x = gammaSample(rand, a);
  const y = gammaSample(rand, b);
  return x / (x + y);
}

const logBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b);

/**
 * Exact P(p_B > p_A) for p_A ~ Beta(aA, bA), p_B ~ Beta(aB, bB) with integer aB (Evan Miller, "Formulas
 * for Bayesian A/B testing", 2014): Σ_{i=0}^{aB−1} B(aA + i, bA + bB) / ((bB + i)·B(1 + i, bB)·B(aA, bA)).
 */
export function probabilityBBeatsA(aA: number, bA: number, aB: number, bB: number): number {
  if (!Number.isInteger(aB)) throw new Error('the closed form needs a whole-number alpha for B');
  let total = 0;
  for (let i = 0; i < aB; i++) total += Math.exp(logBeta(aA + i, bA + bB) - Math.log(bB + i) - logBeta(1 + i, bB) - logBeta(aA, bA));
  return total;
}

export interface ArmCounts {
  arm: string;
  successes: number;
  trials: number;
}

export interface ArmAllocation extends ArmCounts {
  alpha: number;
  beta: number;
  posteriorMean: number;
  probabilityBest: number;
  suggestedShare: number;
  expectedLoss: number;
}

export interface ThompsonOptions {
  draws: number;
  seed: number;
  /** Minimum share of traffic per arm (0 ≤ floor ≤ 1 / arms). */
  floor: number;
  priorAlpha: number;
  priorBeta: number;
}

export function thompsonAllocation(arms: readonly ArmCounts[], options: ThompsonOptions): ArmAllocation[] {
  const k = arms.length;
  if (k === 0) return [];
  if (options.floor < 0 || options.floor * k > 1) throw new Error(`a floor of ${options.floor} per arm over ${k} arms exceeds 100 %`);
  const params = arms.map((a) => ({ alpha: options.priorAlpha + a.successes, beta: options.priorBeta + a.trials - a.successes }));
  const rand = mulberry32(options.seed);
  const wins = new Array<number>(k).fill(0);
  const loss = new Array<number>(k).fill(0);
  const draw = new Array<number>(k);
  for (let d = 0; d < options.draws; d++) {
    let best = 0;
    for (let j = 0; j < k; j++) {
      draw[j] = betaSample(rand, params[j]!.alpha, params[j]!.beta);
      if (draw[j]! > draw[best]!) best = j;
    }
    wins[best]! += 1;
    for (let j = 0; j < k; j++) loss[j]! += draw[best]! - draw[j]!;
  }
  return arms.map((a, j) => {
    const p = wins[j]! / options.draws;
    return {
      ...a, alpha: params[j]!.alpha, beta: params[j]!.beta, posteriorMean: params[j]!.alpha / (params[j]!.alpha + params[j]!.beta),
      probabilityBest: p, suggestedShare: options.floor + (1 - k * options.floor) * p, expectedLoss: loss[j]! / options.draws,
    };
  });
}
