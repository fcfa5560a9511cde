/** What the ops sample tests share: every generated file as text, and a CSV read as rows of text. */
import { importExport } from '../../../src/core/importers/index.ts';
import { generateOps } from '../../../src/core/sample/ops/index.ts';

export type Row = Record<string, string>;

/** Every file of the ops set for this seed and size, by name. */
export function materializeOps(seed: number, size: 'small' | 'large'): Record<string, string> {
  return Object.fromEntries(generateOps(seed, size).map((f) => [f.name, [...f.chunks()].join('')]));
}

export const csv = (text: string): Row[] => importExport(new TextEncoder().encode(text), 'x.csv').rows as Row[];
