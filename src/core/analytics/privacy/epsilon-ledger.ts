/**
 * A privacy-loss ledger under basic sequential composition (Dwork & Roth 2014, "The Algorithmic
 * Foundations of Differential Privacy", Theorem 3.16): releases on the same people spend the sum of
 * their epsilons. Releases are counted in the order given (the notebook's order).
 */

export interface Release {
  id: string;
  epsilon: number;
}

export interface LedgerEntry extends Release {
  /** Epsilon spent by this release and every earlier one. */
  spent: number;
  /** Budget left after this release (negative when over). */
  remaining: number;
  withinBudget: boolean;
}

/**
 * Running totals of epsilon against a budget.
 *
 * @example
 * epsilonLedger([{ id: 'a', epsilon: 0.5 }, { id: 'b', epsilon: 0.7 }], 1);
 * // => [{ id: 'a', spent: 0.5, remaining: 0.5, withinBudget: true }, { id: 'b', spent: 1.2, remaining: -0.2, withinBudget: false }]
 */
export function epsilonLedger(releases: readonly Release[], budget: number): LedgerEntry[] {
  let spent = 0;
  return releases.map((r) => {
    spent += r.epsilon;
    // Round off float noise (0.1 + 0.2) so a budget met exactly is not reported as exceeded.
    const s = Math.round(spent * 1e12) / 1e12;
    return { ...r, spent: s, remaining: Math.round((budget - s) * 1e12) / 1e12, withinBudget: s <= budget };
  });
}
