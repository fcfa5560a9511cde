/**
 * Exercise progress per module: the last verdict of each exercise, so the module library can say
 * "2/3 exercises" without opening the notebook. Small records, one per module.
 */
import type { ProgressRecord, PulseDb } from './schema.ts';

export type ExerciseStatus = ProgressRecord['exercises'][string];

/**
 * Record one exercise's verdict. `exerciseIds` are the module's exercises as the notebook has them
 * now: verdicts of exercises since removed or renamed are dropped, and `total` follows the notebook.
 */
export async function recordExerciseVerdict(
  db: PulseDb,
  moduleId: string,
  exerciseId: string,
  status: ExerciseStatus,
  exerciseIds: readonly string[],
  now = Date.now(),
): Promise<ProgressRecord> {
  const tx = db.transaction('progress', 'readwrite');
  const old = await tx.store.get(moduleId);
  const exercises: ProgressRecord['exercises'] = {};
  for (const id of exerciseIds) {
    const previous = old?.exercises[id];
    if (id === exerciseId) exercises[id] = status;
    else if (previous) exercises[id] = previous;
  }
  const record: ProgressRecord = { moduleId, exercises, total: exerciseIds.length, updatedAt: now };
  await tx.store.put(record);
  await tx.done;
  return record;
}

/** How many of a module's exercises are passed, of how many. */
export function progressSummary(record: ProgressRecord): { passed: number; total: number } {
  return { passed: Object.values(record.exercises).filter((s) => s === 'passed').length, total: record.total };
}

export function getProgress(db: PulseDb, moduleId: string): Promise<ProgressRecord | undefined> {
  return db.get('progress', moduleId);
}

export function listProgress(db: PulseDb): Promise<ProgressRecord[]> {
  return db.getAll('progress');
}

/** Forget a module's progress (e.g. when the trainee resets the notebook to its template). */
export async function clearProgress(db: PulseDb, moduleId: string): Promise<void> {
  await db.delete('progress', moduleId);
}
