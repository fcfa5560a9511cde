export interface PsiBin {
  /** Lower edge (exclusive; -Infinity for the first bin). */
  lower: number;
  /** Upper edge (inclusive; Infinity for the last bin). */
  upper: number;
  expected_share: number;
  actual_share: number;
  /** This bin's term (a - e) ln(a / e). */
  contribution: number;
}

export interface PsiResult {
  psi: number;
  /** Conventional reading: < 0.1 stable, 0.1 to 0.25 moderate shift, > 0.25 major shift. */
  interpretation: 'stable' | 'moderate shift' | 'major shift';
  bins: PsiBin[];
}

/**
 * A bin with no observations would make ln(a / e) infinite; its share is floored at 0.0001 (0.01%),
 * the usual practical fix in scorecard monitoring, so an empty bin adds a large but finite term.
 */
export const PSI_MIN_SHARE = 1e-4;
/** Siddiqi (2006), Credit Risk Scorecards, ch. 9: PSI below 0.1 = no significant shift. */
export const PSI_STABLE = 0.1;
/** Siddiqi (2006): PSI above 0.25 = significant shift, investigate / rebuild. */
export const PSI_MAJOR = 0.25;

function quantile7(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!);
}

/**
 * Population stability index between a baseline ("expected", e.g. the training period's scores or
 * CTRs) and a new sample ("actual"): PSI = sum over bins of (a_i - e_i) ln(a_i / e_i), where e_i and
 * a_i are the shares of each sample in bin i. Bins are the quantiles of the expected sample
 * (`bins` equal-frequency bins, default 10) or explicit interior edges. Thresholds 0.1 / 0.25 as in
 * Siddiqi (2006); PSI is the symmetrised Kullback–Leibler divergence of the binned distributions.
 *
 * @example
 * populationStabilityIndex([1, 2, 3, 4], [1, 2, 3, 4], 2).psi; // => 0
 */
export function populationStabilityIndex(expected: number[], actual: number[], bins: number | number[] = 10): PsiResult {
  const fn = 'populationStabilityIndex';
  if (expected.length === 0 || actual.length === 0) throw new Error(`${fn}: both samples need values`);
  let edges: number[];
  if (Array.isArray(bins)) {
    edges = [...bins].sort((a, b) => a - b);
  } else {
    if (!Number.isInteger(bins) || bins < 2) throw new Error(`${fn}: bins must be an integer >= 2`);
    const sorted = [...expected].sort((a, b) => a - b);
    edges = [];
    for (let k = 1; k < bins; k++) edges.push(quantile7(sorted, k / bins));
    edges = edges.filter((e, i) => i === 0 || e > edges[i - 1]!); // merge bins at repeated quantiles
  }
  const count = (xs: number[]) => {
    const c = new Array<number>(edges.length + 1).fill(0);
    for (const x of xs) {
      let b = 0;
      while (b < edges.length && x > edges[b]!) b++;
      c[b]!++;
    }
    return c.map((v) => v / xs.length);
  };
  const e = count(expected);
  const a = count(actual);
  const out: PsiBin[] = e.map((es, i) => ({
    lower: i === 0 ? Number.NEGATIVE_INFINITY : edges[i - 1]!,
    upper: i === edges.length ? Number.POSITIVE_INFINITY : edges[i]!,
    expected_share: es,
    actual_share: a[i]!,
    contribution: psiTerm(es, a[i]!),
  }));
  const psi = out.reduce((s, b) => s + b.contribution, 0);
  return { psi, interpretation: psiInterpretation(psi), bins: out };
}

/**
 * One bin's PSI term (a − e) ln(a / e) from the expected and actual shares, each floored at
 * `minShare` (PSI_MIN_SHARE, 0.0001) so an empty bin adds a large but finite term.
 * @example
 * psiTerm(0.5, 0.25); // => (0.25 − 0.5) ln(0.25 / 0.5) = 0.1733
 */
export function psiTerm(expectedShare: number, actualShare: number, minShare = PSI_MIN_SHARE): number {
  const e = Math.max(expectedShare, minShare);
  const a = Math.max(actualShare, minShare);
  return (a - e) * Math.log(a / e);
}

/** Siddiqi's reading of a PSI: below 0.1 stable, 0.1 to 0.25 moderate shift, above 0.25 major shift. */
export function psiInterpretation(psi: number, stable = PSI_STABLE, major = PSI_MAJOR): PsiResult['interpretation'] {
  return psi < stable ? 'stable' : psi <= major ? 'moderate shift' : 'major shift';
}
