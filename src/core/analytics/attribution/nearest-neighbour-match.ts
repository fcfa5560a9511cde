/** A unit to match: its id (ties are broken by it), its position in matching space and its outcome. */
export interface MatchUnit {
  id: string;
  /** Coordinates the distance is measured on (standardized covariates, or the logit propensity). */
  x: number[];
  outcome: number;
}

export interface MatchOptions {
  /** Controls per treated unit (default 1). */
  ratio?: number;
  /** A control may serve several treated units (default false). */
  replacement?: boolean;
  /** Largest allowed Euclidean distance; a treated unit with no control this close stays unmatched. */
  caliper?: number;
}

export interface MatchedPair {
  treated: string;
  control: string;
  distance: number;
  /** 1-based order of this control among the treated unit's matches. */
  order: number;
}

/**
 * Greedy nearest-neighbour matching of treated to control units by Euclidean distance. Treated
 * units are taken in id order; each takes its `ratio` nearest available controls (ties by control
 * id) within the caliper; without replacement a control, once taken, is gone. Deterministic, so the
 * same data always give the same pairs.
 *
 * @example
 * nearestNeighbourMatch([{ id: 't1', x: [1], outcome: 10 }], [{ id: 'c1', x: [0], outcome: 6 }, { id: 'c2', x: [2], outcome: 9 }]);
 * // => [{ treated: 't1', control: 'c1', distance: 1, order: 1 }] (c1 and c2 tie; c1 comes first by id)
 */
export function nearestNeighbourMatch(treated: readonly MatchUnit[], controls: readonly MatchUnit[], options: MatchOptions = {}): MatchedPair[] {
  const ratio = options.ratio ?? 1;
  const caliper = options.caliper ?? Infinity;
  const byId = (a: MatchUnit, b: MatchUnit) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const pool = [...controls].sort(byId);
  const taken = new Set<string>();
  const pairs: MatchedPair[] = [];
  for (const t of [...treated].sort(byId)) {
    // One pass keeping the `ratio` nearest: the pool is in id order and only a strictly closer control
    // displaces a kept one, so equal distances keep control id order.
    const candidates: { c: MatchUnit; d: number }[] = [];
    for (const c of pool) {
      if (!options.replacement && taken.has(c.id)) continue;
      let d2 = 0;
      for (let j = 0; j < t.x.length; j++) d2 += (t.x[j]! - c.x[j]!) ** 2;
      const d = Math.sqrt(d2);
      if (d > caliper) continue;
      if (candidates.length === ratio && d >= candidates[ratio - 1]!.d) continue;
      let at = candidates.length;
      while (at > 0 && candidates[at - 1]!.d > d) at--;
      candidates.splice(at, 0, { c, d });
      if (candidates.length > ratio) candidates.pop();
    }
    candidates.forEach((e, k) => {
      pairs.push({ treated: t.id, control: e.c.id, distance: e.d, order: k + 1 });
      if (!options.replacement) taken.add(e.c.id);
    });
  }
  return pairs;
}
