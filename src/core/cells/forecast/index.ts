/** Seasonality, forecasts, predictive models and simulation. One registration per kind: add it to `cells` here. */
import type { CellFamily } from '../kind.ts';
import { changePointsCell } from './changePointsCell.ts';
import { decayCell } from './decayCell.ts';
import { forecastCell } from './forecastCell.ts';
import { predictCell } from './predictCell.ts';
import { seasonalityCell } from './seasonalityCell.ts';
import { simulateCell } from './simulateCell.ts';

export const forecastFamily: CellFamily = {
  id: 'forecast',
  title: 'Forecasting and models',
  cells: [seasonalityCell, forecastCell, predictCell, simulateCell, changePointsCell, decayCell],
};
