import { describe, expect, it } from 'vitest';
import { freshDb } from './helpers.ts';
import { clearProgress, getProgress, listProgress, progressSummary, recordExerciseVerdict } from '../../src/storage/progress.ts';

describe('exercise progress', () => {
  it('keeps the last verdict per exercise and counts the passed ones of the total', async () => {
    const db = await freshDb();
    const ids = ['ex_a', 'ex_b', 'ex_c'];
    await recordExerciseVerdict(db, 'ctr-01', 'ex_a', 'failed', ids, 1);
    await recordExerciseVerdict(db, 'ctr-01', 'ex_a', 'passed', ids, 2);
    await recordExerciseVerdict(db, 'ctr-01', 'ex_b', 'passed', ids, 3);
    const r = (await getProgress(db, 'ctr-01'))!;
    expect(r).toEqual({ moduleId: 'ctr-01', exercises: { ex_a: 'passed', ex_b: 'passed' }, total: 3, updatedAt: 3 });
    expect(progressSummary(r)).toEqual({ passed: 2, total: 3 });
    // A later wrong answer replaces the pass: progress shows where the trainee stands now.
    await recordExerciseVerdict(db, 'ctr-01', 'ex_b', 'failed', ids, 4);
    expect(progressSummary((await getProgress(db, 'ctr-01'))!)).toEqual({ passed: 1, total: 3 });
    db.close();
  });

  it('drops verdicts of exercises the notebook no longer has, and follows its count', async () => {
    const db = await freshDb();
    await recordExerciseVerdict(db, 'ctr-02', 'old', 'passed', ['old', 'kept'], 1);
    await recordExerciseVerdict(db, 'ctr-02', 'kept', 'passed', ['kept', 'new'], 2);
    expect(await getProgress(db, 'ctr-02')).toMatchObject({ exercises: { kept: 'passed' }, total: 2 });
    await recordExerciseVerdict(db, 'ctr-03', 'x', 'passed', ['x'], 3);
    expect((await listProgress(db)).map((p) => p.moduleId).sort()).toEqual(['ctr-02', 'ctr-03']);
    await clearProgress(db, 'ctr-02');
    expect(await getProgress(db, 'ctr-02')).toBeUndefined();
    db.close();
  });
});
