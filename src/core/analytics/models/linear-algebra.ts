/**
 * Shared least-squares machinery for the regression models: a design matrix from named columns, and
 * a weighted least-squares solve by Householder QR on column-scaled data, with a rank check that
 * names the offending term. Internal to the models folder (exported for the sibling files only).
 */
import { Matrix, QrDecomposition } from 'ml-matrix';

/**
 * Relative tolerance for declaring a column linearly dependent on the earlier ones: after scaling
 * every column to unit length, a diagonal element of R below this means the column's part that is
 * not explained by the previous columns is shorter than 1e-10 of its length. Well above rounding
 * noise (~1e-16 per operation) and well below genuinely ill-conditioned but valid data: NIST's
 * Longley design passes with room to spare, an exact copy or an exact sum of columns does not.
 */
const RANK_TOLERANCE = 1e-10;

export interface Design {
  terms: string[];
  /** n x p design matrix. */
  X: Matrix;
}

/**
 * Builds the design matrix from named numeric columns, with an optional leading intercept column.
 * Throws on ragged columns and non-finite values.
 */
export function buildDesign(X: Record<string, number[]>, n: number, intercept: boolean, fn: string): Design {
  const names = Object.keys(X);
  const terms = intercept ? ['(Intercept)', ...names] : [...names];
  if (terms.length === 0) throw new Error(`${fn}: no predictors and no intercept`);
  const M = new Matrix(n, terms.length);
  let j = 0;
  if (intercept) {
    for (let i = 0; i < n; i++) M.set(i, 0, 1);
    j = 1;
  }
  for (const name of names) {
    const col = X[name]!;
    if (col.length !== n) {
      throw new Error(`${fn}: column "${name}" has ${col.length} values but the response has ${n}`);
    }
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (!Number.isFinite(v)) throw new Error(`${fn}: column "${name}" has a non-finite value at row ${i}`);
      M.set(i, j, v);
    }
    j++;
  }
  return { terms, X: M };
}

export interface LeastSquaresFit {
  beta: number[];
  /** (X' W X)^-1, the unscaled covariance of beta. */
  xtwxInverse: Matrix;
}

/**
 * Solves min sum w_i (z_i - x_i' beta)^2 by QR of sqrt(W) X with columns scaled to unit norm, and
 * returns beta with (X'WX)^-1. Throws a collinearity error naming the first dependent term.
 */
export function weightedLeastSquares(
  X: Matrix,
  z: number[],
  w: number[] | null,
  terms: string[],
  fn: string,
): LeastSquaresFit {
  const n = X.rows;
  const p = X.columns;
  const A = new Matrix(n, p);
  const b = new Matrix(n, 1);
  for (let i = 0; i < n; i++) {
    const sw = w ? Math.sqrt(w[i]!) : 1;
    for (let j = 0; j < p; j++) A.set(i, j, X.get(i, j) * sw);
    b.set(i, 0, z[i]! * sw);
  }
  const scale: number[] = [];
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += A.get(i, j) ** 2;
    s = Math.sqrt(s);
    if (s === 0) throw new Error(`${fn}: term "${terms[j]}" is all zeros (no variation to estimate an effect from)`);
    scale.push(s);
    for (let i = 0; i < n; i++) A.set(i, j, A.get(i, j) / s);
  }
  const qr = new QrDecomposition(A);
  const R = qr.upperTriangularMatrix;
  for (let j = 0; j < p; j++) {
    if (Math.abs(R.get(j, j)) < RANK_TOLERANCE) {
      throw new Error(
        `${fn}: term "${terms[j]}" is collinear with the earlier terms (${terms.slice(0, j).join(', ') || 'none'}); ` +
          'drop it or one of the columns it duplicates',
      );
    }
  }
  const scaledBeta = qr.solve(b);
  // R^-1 by back substitution; (A'A)^-1 = R^-1 R^-T.
  const Rinv = new Matrix(p, p);
  for (let col = 0; col < p; col++) {
    for (let i = p - 1; i >= 0; i--) {
      let s = i === col ? 1 : 0;
      for (let k = i + 1; k < p; k++) s -= R.get(i, k) * Rinv.get(k, col);
      Rinv.set(i, col, s / R.get(i, i));
    }
  }
  const cov = Rinv.mmul(Rinv.transpose());
  const beta: number[] = [];
  for (let j = 0; j < p; j++) beta.push(scaledBeta.get(j, 0) / scale[j]!);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) cov.set(i, j, cov.get(i, j) / (scale[i]! * scale[j]!));
  return { beta, xtwxInverse: cov };
}
