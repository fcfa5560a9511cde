export type { TouchpointPath, ChannelCredit } from './types.ts';
export { firstTouchAttribution } from './first-touch-attribution.ts';
export { lastTouchAttribution } from './last-touch-attribution.ts';
export { linearAttribution } from './linear-attribution.ts';
export { timeDecayAttribution, type TimeDecayOptions } from './time-decay-attribution.ts';
export { positionBasedAttribution, type PositionBasedOptions } from './position-based-attribution.ts';
export { markovAttribution, type MarkovAttribution, type MarkovChannelCredit } from './markov-attribution.ts';
export { chooseResponseCurve, curveMarginal, curveValue, fitResponseCurve, type CurveFit, type CurveModel } from './response-curve.ts';
export { allocateBudget, marginalPeak, spendAtMarginal, type Allocation, type AllocationCurve } from './budget-allocation.ts';
