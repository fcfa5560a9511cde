export { olsRegression, type OlsResult, type OlsCoefficient, type OlsOptions } from './ols-regression.ts';
export {
  logisticRegression,
  type LogisticResult,
  type LogisticCoefficient,
  type LogisticOptions,
  type LogisticResponse,
} from './logistic-regression.ts';
export {
  factorialDesign,
  type FactorialCell,
  type FactorialCellPrediction,
  type FactorialDesignResult,
  type FactorialDesignOptions,
} from './factorial-design.ts';
export { dayOfWeekProfile, type WeekdayIndex } from './day-of-week-profile.ts';
export { classicalDecomposition, type Decomposition } from './classical-decomposition.ts';
export { seasonallyAdjust } from './seasonally-adjust.ts';
export {
  holtWinters,
  holtWintersForecast,
  type HoltWintersModel,
  type HoltWintersOptions,
  type ForecastPoint,
} from './holt-winters.ts';
export {
  holdoutValidate,
  type HoldoutResult,
  type HoldoutRow,
  type HoldoutOptions,
  type AccuracyMetrics,
} from './holdout-validate.ts';
export { nelderMead, type NelderMeadOptions, type NelderMeadResult } from './nelder-mead.ts';
export { auc } from './auc.ts';
export { logLoss } from './log-loss.ts';
export { populationStabilityIndex, type PsiResult, type PsiBin } from './population-stability-index.ts';
export { permutationImportance, type FeatureImportance, type PermutationImportanceOptions } from './permutation-importance.ts';
export { standardizedCoefficients, type StandardizedCoefficient } from './standardized-coefficients.ts';
export { timeSplit, type TimeSplit } from './time-split.ts';
export {
  simulatePlan,
  type SimulationModel,
  type PlanRow,
  type PlanSimulation,
  type PlanRowSimulation,
  type Summary,
  type SimulateOptions,
} from './simulate-plan.ts';
export { logGamma, logChoose } from './log-gamma.ts';
