/**
 * A small seeded PRNG for the sample generator: mulberry32 (Tommy Ettinger's 32-bit generator),
 * fast and good enough for synthetic data; not for cryptography.
 */
export type Rng = () => number;

import { mulberry32 } from '../analytics/random.ts';

// One PRNG for the whole core: the sample generator shares the analytics module's mulberry32.
export { mulberry32 };

/** An independent stream for one part of the data, so adding a table does not shift the others. */
export function substream(seed: number, name: string): Rng {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return mulberry32(h >>> 0);
}

/** Standard normal draw (Box–Muller). */
export function normal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Poisson draw: Knuth's method for small means, a rounded normal approximation above 50. */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

/** Binomial draw: exact for small n, normal approximation when n·p·(1−p) > 25. */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  const v = n * p * (1 - p);
  if (v > 25) return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(v) * normal(rng))));
  if (n * p < 30 && n > 200) return Math.min(n, poisson(rng, n * p));
  let k = 0;
  for (let i = 0; i < n; i++) if (rng() < p) k++;
  return k;
}

/** Pick an element uniformly. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

/** Pick a key with probability proportional to its weight. */
export function weighted<T extends string>(rng: Rng, weights: Readonly<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let x = rng() * total;
  for (const [k, w] of entries) {
    x -= w;
    if (x < 0) return k;
  }
  return entries[entries.length - 1]![0];
}

/**
 * A person's own mix over `keys`: `ownShare` of it drawn at random (one draw per key, in order), the
 * rest their group's `mix`. Planted groups overlap at the edges this way, as real ones do.
 */
export function blendedMix<T extends string>(rng: Rng, keys: readonly T[], mix: Readonly<Record<T, number>>, ownShare: number): Record<T, number> {
  const own = keys.map(() => rng());
  const ownTotal = own.reduce((s, x) => s + x, 0);
  return Object.fromEntries(keys.map((k, i) => [k, (1 - ownShare) * mix[k] + (ownShare * own[i]!) / ownTotal])) as Record<T, number>;
}

/** A hex id of `length` characters. */
export function hexId(rng: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += Math.floor(rng() * 16).toString(16);
  return s;
}
