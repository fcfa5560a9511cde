import { describe, expect, it } from 'vitest';
import { WASM_HEAP_LIMIT, memoryBudget, preflight } from './preflight';

describe('import pre-flight', () => {
  it('lets a small CSV through', () => {
    expect(preflight(50e6, 'csv', memoryBudget(0)).verdict).toBe('ok');
  });
  it('refuses a CSV past the 3.1 GiB wasm heap, naming the limit', () => {
    const v = preflight(4e9, 'csv', memoryBudget(0));
    expect(v.verdict).toBe('too-big');
    expect(v.message).toMatch(/3\.1 GiB/);
  });
  it('counts what DuckDB already holds and a small device', () => {
    expect(memoryBudget(2 ** 30).wasmFree).toBeCloseTo(WASM_HEAP_LIMIT - 2 ** 30);
    expect(memoryBudget(0, { deviceMemory: 2 }).wasmFree).toBe(2 ** 30);
    expect(preflight(900e6, 'csv', memoryBudget(0, { deviceMemory: 2 })).verdict).toBe('too-big');
  });
  it('checks the JS heap for files read whole (xlsx)', () => {
    const budget = memoryBudget(0, {}, { memory: { jsHeapSizeLimit: 4e9, usedJSHeapSize: 1e9 } });
    expect(preflight(200e6, 'xlsx', budget).verdict).toBe('too-big');
    expect(preflight(1e6, 'xlsx', budget).verdict).toBe('ok');
  });
  it('flags a file near the limit as tight', () => {
    expect(preflight(2e9, 'csv', memoryBudget(0)).verdict).toBe('tight');
  });
});
