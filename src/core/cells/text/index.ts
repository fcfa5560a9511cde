/** Text: normalizing, duplicates, sentiment, classification and vectors. One registration per kind: add it to `cells` here. */
import type { CellFamily } from '../kind.ts';
import { agreementCell } from './agreementCell.ts';
import { moderateCell } from './moderateCell.ts';
import { nearDuplicatesCell } from './nearDuplicatesCell.ts';
import { sentimentCell } from './sentimentCell.ts';
import { tfidfCell } from './tfidfCell.ts';
import { textNormalizeCell } from './textNormalizeCell.ts';
import { intentCell } from './intentCell.ts';
import { entityCell } from './entityCell.ts';
import { naiveBayesCell } from './naiveBayesCell.ts';

export const textFamily: CellFamily = {
  id: 'text',
  title: 'Text',
  cells: [sentimentCell, moderateCell, tfidfCell, agreementCell, nearDuplicatesCell, textNormalizeCell, intentCell, entityCell, naiveBayesCell],
};
