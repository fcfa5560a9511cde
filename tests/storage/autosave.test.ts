import { describe, expect, it } from 'vitest';
import { ManualClock, freshDb, settle } from './helpers.ts';
import { Autosaver, type SaveStatus } from '../../src/storage/autosave.ts';
import { createNotebook, getNotebook, writeNotebookText } from '../../src/storage/notebooks.ts';

function recorder(clock: ManualClock, failTimes = 0, error: () => unknown = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')) {
  const saved: Array<[number, string]> = [];
  let calls = 0;
  const save = async (text: string) => {
    calls++;
    if (calls <= failTimes) throw error();
    saved.push([clock.now(), text]);
  };
  return { saved, save, calls: () => calls };
}

describe('Autosaver', () => {
  it('saves once after a pause in typing (debounce)', async () => {
    const clock = new ManualClock();
    const r = recorder(clock);
    const a = new Autosaver(r.save, { clock, debounceMs: 1000, maxWaitMs: 4000 });
    const t0 = clock.now();
    a.change('a');
    await clock.advance(500);
    a.change('ab');
    await clock.advance(500);
    a.change('abc');
    expect(r.saved).toEqual([]);
    expect(a.hasUnsaved).toBe(true);
    await clock.advance(1000);
    expect(r.saved).toEqual([[t0 + 2000, 'abc']]);
    expect(a.hasUnsaved).toBe(false);
    expect(a.currentStatus).toEqual({ state: 'saved', at: t0 + 2000 });
  });

  it('continuous typing is saved at least every maxWait: at most that much is at risk', async () => {
    const clock = new ManualClock();
    const r = recorder(clock);
    const a = new Autosaver(r.save, { clock, debounceMs: 1000, maxWaitMs: 4000 });
    const t0 = clock.now();
    for (let i = 1; i <= 100; i++) {
      a.change('x'.repeat(i));
      await clock.advance(200); // a key every 200 ms for 20 s: never a 1 s pause
    }
    const times = r.saved.map(([t]) => t - t0);
    expect(times.length).toBeGreaterThanOrEqual(4);
    const gaps = times.map((t, i) => t - (i === 0 ? 0 : times[i - 1]!));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(4000 + 200);
  });

  it('flush() saves at once (pagehide) and clears the timer', async () => {
    const clock = new ManualClock();
    const r = recorder(clock);
    const a = new Autosaver(r.save, { clock });
    a.change('now');
    await a.flush();
    expect(r.saved.map(([, t]) => t)).toEqual(['now']);
    expect(clock.pendingTimers).toBe(0);
    await a.flush(); // nothing pending: no second save
    expect(r.saved).toHaveLength(1);
  });

  it('keeps the text in memory through QuotaExceededError and saves it when storage recovers', async () => {
    const clock = new ManualClock();
    const r = recorder(clock, 2);
    const statuses: SaveStatus[] = [];
    const a = new Autosaver(r.save, { clock, debounceMs: 1000, retryDelaysMs: [1000, 5000], onStatus: (s) => statuses.push(s) });
    a.change('precious');
    await clock.advance(1000);
    expect(a.currentStatus.state).toBe('error');
    const first = a.currentStatus as Extract<SaveStatus, { state: 'error' }>;
    expect(first.error.kind).toBe('quota');
    expect(first.error.message).toMatch(/storage is full.*stays open in this tab.*delete datasets/);
    expect(a.unsavedText).toBe('precious');
    a.change('precious, more'); // typing goes on while storage is full
    await clock.advance(1000); // retry 1 fails
    expect(r.calls()).toBe(2);
    expect(a.currentStatus).toMatchObject({ state: 'error', retryAt: clock.now() + 5000 });
    await clock.advance(5000); // retry 2 succeeds with the newest text
    expect(r.saved.map(([, t]) => t)).toEqual(['precious, more']);
    expect(a.hasUnsaved).toBe(false);
    expect(statuses.map((s) => s.state)).toEqual(['pending', 'saving', 'error', 'saving', 'error', 'saving', 'saved']);
  });

  it('retryNow() tries at once (after the user freed space)', async () => {
    const clock = new ManualClock();
    const r = recorder(clock, 1);
    const a = new Autosaver(r.save, { clock, retryDelaysMs: [60_000] });
    a.change('t');
    await a.flush();
    expect(a.currentStatus.state).toBe('error');
    await a.retryNow();
    expect(r.saved.map(([, t]) => t)).toEqual(['t']);
  });

  it('text typed during a save is saved next, not lost', async () => {
    const clock = new ManualClock();
    const saved: string[] = [];
    let release!: () => void;
    const a = new Autosaver(
      async (t) => {
        if (saved.length === 0) await new Promise<void>((r) => (release = r));
        saved.push(t);
      },
      { clock, debounceMs: 100 },
    );
    a.change('one');
    await clock.advance(100);
    a.change('one two'); // arrives while 'one' is being written
    release();
    await settle();
    await clock.advance(100);
    expect(saved).toEqual(['one', 'one two']);
    expect(a.hasUnsaved).toBe(false);
  });

  it('against a real database: a quota failure of IndexedDB then recovery', async () => {
    const db = await freshDb();
    const nb = await createNotebook(db, { text: 'start' });
    const clock = new ManualClock();
    let full = true;
    const a = new Autosaver(
      async (text) => {
        if (full) throw Object.assign(new Error('transaction aborted'), { name: 'AbortError', error: new DOMException('quota', 'QuotaExceededError') });
        await writeNotebookText(db, nb.id, text);
      },
      { clock, retryDelaysMs: [2000] },
    );
    a.change('edited');
    await clock.advance(1000);
    expect(a.currentStatus).toMatchObject({ state: 'error', error: { kind: 'quota' } });
    expect((await getNotebook(db, nb.id))?.text).toBe('start');
    full = false;
    await clock.advance(2000);
    await settle();
    expect((await getNotebook(db, nb.id))?.text).toBe('edited');
  });
});
