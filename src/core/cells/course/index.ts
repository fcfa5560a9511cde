/** Trainee exercises that check themselves. One registration per kind: add it to `cells` here. */
import type { CellFamily } from '../kind.ts';
import { exerciseCell } from './exerciseCell.ts';

export const courseFamily: CellFamily = {
  id: 'course',
  title: 'Course',
  cells: [exerciseCell],
};
