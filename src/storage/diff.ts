/**
 * A line diff for the history panel: Myers' O(ND) algorithm ("An O(ND) Difference Algorithm and Its
 * Variations", 1986) over lines, after trimming the common head and tail, grouped into hunks with
 * context like `diff -u`.
 */
import { splitLines } from '../core/notebook/format.ts';

export interface DiffLine {
  /** `=` unchanged, `-` only in the old text, `+` only in the new text. */
  op: '=' | '-' | '+';
  text: string;
  /** 1-based line in the old text (for `=` and `-`). */
  oldLine?: number;
  /** 1-based line in the new text (for `=` and `+`). */
  newLine?: number;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

const lines = (text: string): string[] => splitLines(text).map((l) => l.text);

/** Shortest edit script from `a` to `b` as (op, index) pairs, by Myers' greedy forward search. */
function myers(a: string[], b: string[]): Array<['=' | '-' | '+', number]> {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) break outer;
    }
  }
  // Walk the trace back from (n, m) to (0, 0).
  const script: Array<['=' | '-' | '+', number]> = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      y--;
      script.push(['=', --x]);
    }
    if (d > 0) {
      if (x === prevX) script.push(['+', --y]);
      else script.push(['-', --x]);
    }
    x = prevX;
    y = prevY;
  }
  return script.reverse();
}

/**
 * Every line of both texts, marked unchanged, removed or added.
 * @example lineDiff('a\nb\n', 'a\nc\n') // [= a, - b, + c]
 */
export function lineDiff(oldText: string, newText: string): DiffLine[] {
  const a = lines(oldText);
  const b = lines(newText);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const out: DiffLine[] = [];
  for (let i = 0; i < head; i++) out.push({ op: '=', text: a[i]!, oldLine: i + 1, newLine: i + 1 });
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  let i = 0;
  let j = 0;
  for (const [op, index] of myers(midA, midB)) {
    if (op === '=') out.push({ op, text: midA[index]!, oldLine: head + ++i, newLine: head + ++j });
    else if (op === '-') out.push({ op, text: midA[index]!, oldLine: head + ++i });
    else out.push({ op, text: midB[index]!, newLine: head + ++j });
  }
  for (let t = tail; t > 0; t--) {
    out.push({ op: '=', text: a[a.length - t]!, oldLine: a.length - t + 1, newLine: b.length - t + 1 });
  }
  return out;
}

/** The changed lines with `context` unchanged lines around them, as `diff -u` hunks. */
export function diffHunks(diff: DiffLine[], context = 3): DiffHunk[] {
  const changed = diff.map((l, i) => (l.op === '=' ? -1 : i)).filter((i) => i >= 0);
  const hunks: DiffHunk[] = [];
  let start = -1;
  let end = -1;
  const close = () => {
    const slice = diff.slice(start, end + 1);
    const first = diff[start]!;
    // A hunk starting with an added line sits after the old line before it (and vice versa).
    const oldStart = first.oldLine ?? (slice.find((l) => l.oldLine)?.oldLine ?? (diff[start - 1]?.oldLine ?? 0) + 1);
    const newStart = first.newLine ?? (slice.find((l) => l.newLine)?.newLine ?? (diff[start - 1]?.newLine ?? 0) + 1);
    hunks.push({
      oldStart,
      oldLines: slice.filter((l) => l.op !== '+').length,
      newStart,
      newLines: slice.filter((l) => l.op !== '-').length,
      lines: slice,
    });
  };
  for (const i of changed) {
    const from = Math.max(0, i - context);
    const to = Math.min(diff.length - 1, i + context);
    if (start >= 0 && from <= end + 1) end = Math.max(end, to);
    else {
      if (start >= 0) close();
      start = from;
      end = to;
    }
  }
  if (start >= 0) close();
  return hunks;
}

/** A unified diff as text, for a plain view or a copy to the clipboard. */
export function unifiedDiff(oldText: string, newText: string, oldName = 'old', newName = 'new', context = 3): string {
  const hunks = diffHunks(lineDiff(oldText, newText), context);
  if (hunks.length === 0) return '';
  const body = hunks.map((h) => {
    const head = `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`;
    return [head, ...h.lines.map((l) => (l.op === '=' ? ' ' : l.op) + l.text)].join('\n');
  });
  return [`--- ${oldName}`, `+++ ${newName}`, ...body].join('\n') + '\n';
}
