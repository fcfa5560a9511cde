/**
 * Pre-flight check before an import: how much memory a file will take once loaded, against what this
 * browser can give, so Pulse warns before a file will not fit instead of crashing the engine half-way.
 */

/** DuckDB-WASM's heap can grow to about 3.1 GiB (wasm32 with Chrome's limits), whatever the device has. */
export const WASM_HEAP_LIMIT = 3.1 * 2 ** 30;

/**
 * Memory per byte of file, by format (heuristics from DuckDB's in-memory tables and the JS readers):
 * `wasm` is what DuckDB's heap takes, `js` what the page or worker's JS heap holds while reading.
 * CSV is read in place, its table about the file's size. Parquet and JSON are read whole into the JS
 * heap, then decoded. SheetJS keeps a workbook as cell objects, tens of bytes per byte of .xlsx.
 */
const FACTORS: Record<string, { wasm: number; js: number }> = {
  csv: { wasm: 1.3, js: 0 },
  tsv: { wasm: 1.3, js: 0 },
  json: { wasm: 2, js: 3 },
  ndjson: { wasm: 2, js: 3 },
  parquet: { wasm: 5, js: 6 },
  xlsx: { wasm: 6, js: 30 },
};

/** Share of a device's memory one tab can count on (the OS and the browser keep the rest). */
const DEVICE_SHARE = 0.5;
/** Above this share of what is free, an import is flagged as tight but still runs. */
const TIGHT = 0.7;

export interface MemoryBudget {
  /** Bytes DuckDB's heap may still grow by. */
  wasmFree: number;
  /** Bytes the JS heap may still grow by, when the browser says (`performance.memory`, Chrome). */
  jsFree?: number;
  /** `navigator.deviceMemory` in GB (Chrome rounds and caps it at 8), when the browser says. */
  deviceGB?: number;
}

export interface PreflightVerdict {
  verdict: 'ok' | 'tight' | 'too-big';
  /** Estimated bytes DuckDB will hold for this file. */
  needWasm: number;
  needJs: number;
  /** For the user: what was estimated against what, and what to do. */
  message: string;
}

/** What this browser lets Pulse use, given the bytes DuckDB already holds. */
export function memoryBudget(duckdbBytes: number, nav: { deviceMemory?: number } = {}, perf: { memory?: { jsHeapSizeLimit: number; usedJSHeapSize: number } } = {}): MemoryBudget {
  const device = typeof nav.deviceMemory === 'number' && nav.deviceMemory > 0 ? nav.deviceMemory : undefined;
  const cap = device === undefined ? WASM_HEAP_LIMIT : Math.min(WASM_HEAP_LIMIT, device * 2 ** 30 * DEVICE_SHARE);
  const mem = perf.memory;
  return {
    wasmFree: Math.max(0, cap - duckdbBytes),
    jsFree: mem ? Math.max(0, mem.jsHeapSizeLimit - mem.usedJSHeapSize) : undefined,
    deviceGB: device,
  };
}

const gib = (n: number) => (n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GiB` : `${Math.max(1, Math.round(n / 2 ** 20))} MiB`);

/**
 * Will a file of `size` bytes in `format` fit?
 * @example preflight(4e9, 'csv', memoryBudget(0)).verdict // 'too-big': 4 GB of CSV is past the 3.1 GiB heap
 */
export function preflight(size: number, format: string, budget: MemoryBudget): PreflightVerdict {
  const f = FACTORS[format] ?? FACTORS.csv!;
  const needWasm = size * f.wasm;
  const needJs = size * f.js;
  const where = budget.deviceGB !== undefined ? ` (this device reports ${budget.deviceGB} GB; DuckDB in the browser can use at most 3.1 GiB)` : ' (DuckDB in the browser can use at most 3.1 GiB)';
  if (needWasm > budget.wasmFree) {
    return {
      verdict: 'too-big',
      needWasm,
      needJs,
      message: `This file will likely not fit: loading it needs about ${gib(needWasm)}, and about ${gib(budget.wasmFree)} is free${where}. Import a smaller extract (fewer rows or columns), or drop tables you no longer need.`,
    };
  }
  if (budget.jsFree !== undefined && needJs > budget.jsFree) {
    return {
      verdict: 'too-big',
      needWasm,
      needJs,
      message: `This ${format} file is read whole into the browser's memory: it needs about ${gib(needJs)} and about ${gib(budget.jsFree)} is free. Save it as CSV, which Pulse reads in place.`,
    };
  }
  if (needWasm > budget.wasmFree * TIGHT || (budget.jsFree !== undefined && needJs > budget.jsFree * TIGHT)) {
    return {
      verdict: 'tight',
      needWasm,
      needJs,
      message: `Memory will be tight: this file needs about ${gib(needWasm)} of the ${gib(budget.wasmFree)} free. Queries on it may run out of memory.`,
    };
  }
  return { verdict: 'ok', needWasm, needJs, message: `Needs about ${gib(needWasm)} of ${gib(budget.wasmFree)} free.` };
}
