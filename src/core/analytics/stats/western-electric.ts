/** Options of {@link westernElectric}. */
export interface WesternElectricOptions {
  /** Rule 1 threshold in sigmas, normally the chart's control-limit width. Default 3. */
  limit?: number;
}

/**
 * The four Western Electric (1956) run rules, applied to standardized points
 * z_i = (x_i - center) / sigma_i (NIST/SEMATECH e-Handbook §6.3.2; Montgomery, "Introduction to
 * Statistical Quality Control", §5.3.6):
 *
 * 1. one point beyond 3σ (beyond `limit`);
 * 2. two of three consecutive points beyond 2σ on the same side;
 * 3. four of five consecutive points beyond 1σ on the same side;
 * 4. eight consecutive points on the same side of the center line.
 *
 * A rule flags the point that completes the pattern, and only if that point is itself part of it
 * (beyond the zone, on the side in question), as Minitab and qcc mark the signalling point. Returns,
 * for each point, the sorted list of rule numbers it violates (empty when in control).
 *
 * @example
 * westernElectric([0, 3.2, 0.5, 2.1, 2.4]); // => [[], [1], [], [2], [2]]
 */
export function westernElectric(z: readonly number[], options: WesternElectricOptions = {}): number[][] {
  const limit = options.limit ?? 3;
  const beyond = (i: number, k: number, side: 1 | -1): boolean => side * z[i]! > k;
  const countBeyond = (end: number, len: number, k: number, side: 1 | -1): number => {
    let count = 0;
    for (let j = end - len + 1; j <= end; j++) if (beyond(j, k, side)) count++;
    return count;
  };
  return z.map((value, i) => {
    const rules: number[] = [];
    if (Math.abs(value) > limit) rules.push(1);
    const side: 1 | -1 | 0 = value > 0 ? 1 : value < 0 ? -1 : 0;
    if (side === 0) return rules;
    if (i >= 2 && beyond(i, 2, side) && countBeyond(i, 3, 2, side) >= 2) rules.push(2);
    if (i >= 4 && beyond(i, 1, side) && countBeyond(i, 5, 1, side) >= 4) rules.push(3);
    if (i >= 7 && countBeyond(i, 8, 0, side) === 8) rules.push(4);
    return rules;
  });
}
