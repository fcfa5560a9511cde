/** Personal data found, measured and protected. One registration per kind: add it to `cells` here. */
import type { CellFamily } from '../kind.ts';
import { dpCountCell } from './dpCountCell.ts';
import { kAnonymityCell } from './kAnonymityCell.ts';
import { piiScanCell } from './piiScanCell.ts';

export const privacyFamily: CellFamily = {
  id: 'privacy',
  title: 'Privacy',
  cells: [piiScanCell, kAnonymityCell, dpCountCell],
};
