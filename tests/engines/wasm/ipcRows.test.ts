import { describe, expect, it } from 'vitest';
import { Table, tableFromArrays, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { ipcRowCount } from '../../../src/engines/wasm/ipcRows.ts';

describe('ipcRowCount', () => {
  it('counts the rows of every record batch without decoding the stream', () => {
    const whole = tableFromArrays({ id: Int32Array.from({ length: 4101 }, (_, i) => i), name: Array.from({ length: 4101 }, (_, i) => `row ${i}`) });
    const b = whole.batches[0]!;
    // Three batches of 2048, 2048 and 5 rows, as DuckDB sends a 4,101-row result.
    const t = new Table([b.slice(0, 2048), b.slice(2048, 4096), b.slice(4096)]);
    expect(t.batches.length).toBe(3);
    expect(ipcRowCount(tableToIPC(t, 'stream'))).toBe(4101);
  });
  it('is 0 for an empty result (schema only) and reads a one-row result', () => {
    const empty = new Table({ s: vectorFromArray([], new Utf8()) });
    expect(ipcRowCount(tableToIPC(empty, 'stream'))).toBe(0);
    expect(ipcRowCount(tableToIPC(tableFromArrays({ x: Float64Array.of(42) }), 'stream'))).toBe(1);
  });
});
