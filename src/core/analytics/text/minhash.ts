import { mulberry32 } from '../random.ts';
import { wordTokens } from './word-tokens.ts';

/** Links, dropped before shingling: reposts carry different (shortened) links to the same text. */
const URL = /\b(?:https?:\/\/|www\.)\S+/giu;

/**
 * The shingles of a text: after NFKC, lower-casing, links removed (unless `keepUrls`) and runs of
 * white space made one space, every run of `k` characters (`char`) or of `k` word tokens (`word`,
 * scikit-learn's tokens). A text shorter than k is one shingle. Distinct shingles, first-seen order.
 *
 * @example
 * shingles('abcde', 'char', 3) // ['abc', 'bcd', 'cde']
 */
export function shingles(text: string, unit: 'char' | 'word', k: number, keepUrls = false): string[] {
  const clean = (keepUrls ? text : text.replace(URL, ' ')).normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
  if (!clean) return [];
  const parts = unit === 'char' ? [...clean] : wordTokens(clean, false);
  if (parts.length === 0) return [];
  const glue = unit === 'char' ? '' : ' ';
  if (parts.length <= k) return [parts.join(glue)];
  const out = new Set<string>();
  for (let i = 0; i + k <= parts.length; i++) out.add(parts.slice(i, i + k).join(glue));
  return [...out];
}

/** 32-bit FNV-1a of a string's UTF-16 code units: the shingle's number before the MinHash permutations. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's 32-bit finalizer: mixes every input bit into every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * `numPerm` seeded hash functions hᵢ(x) = fmix32(x ⊕ sᵢ) with salts sᵢ from a seeded generator,
 * and the MinHash signature of a set of shingle hashes: per function, the smallest value over the
 * set. Two sets' signatures agree in a position with probability ≈ their Jaccard similarity
 * (Broder 1997), so the share of agreeing positions estimates it.
 *
 * @example
 * const salts = minhashSalts(128, 42);
 * minhashSignature(shingles('the cat sat', 'char', 3).map((s) => fnv1a(s)), salts).length // 128
 */
export function minhashSalts(numPerm: number, seed: number): Uint32Array {
  const rand = mulberry32(seed);
  const out = new Uint32Array(numPerm);
  for (let i = 0; i < numPerm; i++) out[i] = Math.floor(rand() * 0x100000000) >>> 0;
  return out;
}

export function minhashSignature(hashes: readonly number[], salts: Uint32Array): Uint32Array {
  const sig = new Uint32Array(salts.length).fill(0xffffffff);
  for (const x of hashes) {
    for (let i = 0; i < salts.length; i++) {
      const v = fmix32((x ^ salts[i]!) >>> 0);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

/**
 * Locality-sensitive hashing keys: the signature cut into `bands` bands of numPerm / bands rows,
 * each band hashed to a number (< 2⁵²; two texts share a band key when the band's rows all agree,
 * or rarely by collision, which the exact check afterwards removes). Two sets with Jaccard J become
 * candidates with probability 1 − (1 − Jʳ)ᵇ.
 */
export function lshBandKeys(sig: Uint32Array, bands: number): number[] {
  const rows = sig.length / bands;
  const keys: number[] = [];
  for (let b = 0; b < bands; b++) {
    let h1 = 0x811c9dc5 ^ b;
    let h2 = 0x9747b28c ^ b;
    for (let r = 0; r < rows; r++) {
      const v = sig[b * rows + r]!;
      h1 = Math.imul(h1 ^ v, 0x01000193) >>> 0;
      h2 = fmix32((h2 ^ v) >>> 0);
    }
    keys.push((h1 >>> 0) * 0x100000 + (h2 & 0xfffff));
  }
  return keys;
}

/** Jaccard similarity |A ∩ B| / |A ∪ B| of two sets (1 for two empty sets). */
export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 1 : inter / union;
}
