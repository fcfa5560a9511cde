/**
 * The Laplace mechanism (Dwork, McSherry, Nissim & Smith 2006, "Calibrating noise to sensitivity in
 * private data analysis"): releasing f(D) + Lap(b) with b = Δf / ε is ε-differentially private when
 * Δf is the L1 sensitivity of f (how much one person can change it). For a count where each person
 * adds at most one row, Δ = 1.
 *
 * Not hardened against floating-point attacks (Mironov 2012) or a known seed: for teaching and
 * internal releases, not for publishing against a motivated attacker.
 */
import type { Random } from '../random.ts';

/**
 * Laplace scale b = Δ / ε.
 *
 * @example
 * laplaceScale(1, 0.5); // => 2
 */
export function laplaceScale(sensitivity: number, epsilon: number): number {
  if (!(sensitivity > 0) || !Number.isFinite(sensitivity)) throw new Error(`sensitivity must be a positive number, got ${sensitivity}`);
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw new Error(`epsilon must be a positive number, got ${epsilon}`);
  return sensitivity / epsilon;
}

/**
 * One Laplace(0, b) draw by inversion: for u uniform on (−½, ½), −b·sgn(u)·ln(1 − 2|u|).
 *
 * @example
 * laplaceNoise(mulberry32(1), 2); // => a number; |X| averages b = 2 over many draws
 */
export function laplaceNoise(rand: Random, scale: number): number {
  let u = rand() - 0.5;
  // u = −½ would give ln(0); redraw (probability 2^−32).
  while (u === -0.5) u = rand() - 0.5;
  return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
}

/**
 * Half-width t with P(|X| ≤ t) = level for X ~ Laplace(0, b): t = b·ln(1 / (1 − level)).
 *
 * @example
 * laplaceMargin(1, 0.95); // => 2.995732… (ln 20)
 */
export function laplaceMargin(scale: number, level: number): number {
  if (!(level > 0 && level < 1)) throw new Error(`level must be in (0, 1), got ${level}`);
  return scale * Math.log(1 / (1 - level));
}
