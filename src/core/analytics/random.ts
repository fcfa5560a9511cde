/**
 * A small seeded pseudo-random number generator and the samplers built on it, so that Monte Carlo
 * results in a notebook are reproducible: the same seed gives the same numbers on every machine.
 *
 * The generator is mulberry32 (Tommy Ettinger, 2017): a 32-bit state advanced by a Weyl sequence
 * (adding the odd constant 0x6D2B79F5) and scrambled by two xor-shift-multiply rounds. Its period
 * is 2^32, which is plenty for notebook simulations (thousands of runs x a few hundred rows), and it
 * passes gjrand / PractRand up to a few GB. It is not cryptographic.
 */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * mulberry32 seeded PRNG.
 *
 * @param seed - any integer; only its low 32 bits are used.
 * @returns a function returning uniform numbers in [0, 1) with 32 bits of randomness.
 *
 * @example
 * const rand = mulberry32(42);
 * rand(); // => 0.6011037519201636 (the same on every run)
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return function next(): number {
    // Weyl increment: 0x6D2B79F5 is the odd constant from the reference implementation.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal draw by the Box–Muller transform (one of the pair is used, the other discarded
 * for simplicity; the cost is irrelevant at notebook scale).
 *
 * @example
 * standardNormal(mulberry32(1)); // => a number, N(0, 1) distributed over many calls
 */
export function standardNormal(rand: Random): number {
  // 1 - u keeps the argument of log in (0, 1], so log never sees 0.
  const u1 = 1 - rand();
  const u2 = rand();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Binomial(n, p) draw. Exact inversion (sequential search over the pmf) for small means; for large
 * n the normal approximation with continuity correction, clamped to [0, n].
 *
 * @example
 * binomial(mulberry32(7), 1000, 0.02); // => about 20
 */
export function binomial(rand: Random, n: number, p: number): number {
  if (!(n >= 0) || !Number.isInteger(n)) throw new Error(`binomial: n must be a non-negative integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new Error(`binomial: p must be in [0, 1], got ${p}`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  // Work with the smaller tail probability so the inversion loop is short.
  const flip = p > 0.5;
  const q = flip ? 1 - p : p;
  const mean = n * q;
  let k: number;
  // 30 successes expected is the switch point: below it inversion takes a few dozen steps and the
  // normal approximation is still visibly skewed; above it the approximation's error (skewness
  // ~ 1/sqrt(np)) is under 20% of a standard deviation in the tail and inversion gets slow.
  if (mean < 30) {
    const u = rand();
    const ratio = q / (1 - q);
    let pmf = Math.pow(1 - q, n);
    let cdf = pmf;
    k = 0;
    while (u > cdf && k < n) {
      pmf *= (ratio * (n - k)) / (k + 1);
      k += 1;
      cdf += pmf;
      // pmf underflow guard: once it is below double-precision noise nothing more accumulates.
      if (pmf < 1e-300 && k > mean) break;
    }
  } else {
    const sd = Math.sqrt(mean * (1 - q));
    k = Math.round(mean + sd * standardNormal(rand));
    k = Math.min(n, Math.max(0, k));
  }
  return flip ? n - k : k;
}
