/**
 * Statistics behind the testing cells (A/B tests, power, control charts, empirical Bayes,
 * holdout lift). Pure functions over plain numbers; one concept per file.
 */
export * from './distributions.ts';
export { wilsonInterval, type Interval } from './wilson-interval.ts';
export { twoProportionZTest, type Alternative, type ZTestResult } from './two-proportion-z-test.ts';
export { chiSquareTest, type ChiSquareTestOptions, type ChiSquareTestResult } from './chi-square-test.ts';
export { proportionDifferenceInterval } from './proportion-difference-interval.ts';
export { relativeLiftInterval, type RelativeLift } from './relative-lift-interval.ts';
export { adjustPValues, type PAdjustMethod } from './adjust-p-values.ts';
export { abTest, type AbTestGroup, type AbTestOptions, type AbTestRow } from './ab-test.ts';
export { powerTwoProportions, type PowerAlternative } from './power-two-proportions.ts';
export { sampleSizeTwoProportions, type SampleSize, type SampleSizeInput } from './sample-size-two-proportions.ts';
export { daysNeeded } from './days-needed.ts';
export { minimumDetectableEffect, type MinimumDetectableEffect } from './minimum-detectable-effect.ts';
export { westernElectric, type WesternElectricOptions } from './western-electric.ts';
export { pChart, type PChartOptions, type PChartPoint, type PChartRow } from './p-chart.ts';
export {
  empiricalBayesBetaBinomial,
  type BetaPrior,
  type EbOptions,
  type EbResult,
  type EbRow,
  type EbSegment,
  type PriorMethod,
} from './empirical-bayes-beta-binomial.ts';
export { holdoutLift, type HoldoutInput, type HoldoutLift } from './holdout-lift.ts';
export { assertCounts, assertLevel } from './validate.ts';
export {
  alphaSpent,
  classicBoundaries,
  crossingProbabilities,
  spendingBoundaries,
  type ClassicBoundary,
  type Crossing,
  type LookBounds,
  type SpendingFunction,
  type SpendingLook,
  type SpendingOptions,
} from './group-sequential.ts';
export { lookFractions, sequentialMonitor, type LookCounts, type MonitorOptions, type MonitorRow } from './sequential-monitor.ts';
export { sampleRatioMismatch, type SampleRatioMismatch } from './sample-ratio-mismatch.ts';
