import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { Clock } from '../../src/storage/clock.ts';
import { openPulseDb, type PulseDb } from '../../src/storage/schema.ts';

/** A fresh in-memory IndexedDB per test, so tests never share state. */
export function freshFactory(): IDBFactory {
  return new IDBFactory();
}

export async function freshDb(factory = freshFactory()): Promise<PulseDb> {
  return openPulseDb('pulse-test', factory);
}

/** A clock whose timers run only when the test advances it. */
export class ManualClock implements Clock {
  private t = 1_700_000_000_000;
  private nextId = 1;
  private timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Move time forward, running due timers in order and letting their promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
      await settle();
    }
    this.t = end;
    await settle();
  }

  get pendingTimers(): number {
    return this.timers.size;
  }
}

/** Let queued promise callbacks run (IndexedDB work included). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
}

export const notebookText = (title: string, body = 'Some prose.\n') => `---\npulse: 1\ntitle: ${title}\n---\n\n${body}`;
