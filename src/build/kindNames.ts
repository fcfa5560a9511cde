/**
 * Build plugin: the browser bundle's `kindNames.ts` as a list of names. Parsing a notebook needs only
 * the cell kinds' names (which fences are cells), but the real module derives them from the registry,
 * which carries every kind's code (~1 MB with its maths libraries). With the list, the first bundle
 * (library, storage, notebook titles) no longer holds the kinds: they load with the notebook page,
 * beside it (docs/performance.md, open with results). The CLI and the tests keep the real module.
 *
 * The names are read from the sources (`kind: '<name>',` lines in src/core/cells), not by running
 * the registry (importing every kind at build time took 5–15 s); tests/build/kindNames.test.ts checks
 * that the list equals the registry's, so a kind written differently fails there, not in a browser.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';

const KIND_LINE = /^\s*kind: '([a-z0-9-]+)',/gm;

/** Every `kind: '<name>',` line of the sources under `cellsDir` (its family folders included), sorted. */
export function scanKindNames(cellsDir: string): string[] {
  const names = new Set<string>();
  for (const file of readdirSync(cellsDir, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    for (const m of readFileSync(join(cellsDir, file), 'utf8').matchAll(KIND_LINE)) names.add(m[1]!);
  }
  return [...names].sort();
}

/** The module that replaces src/core/cells/kindNames.ts in the browser bundle. */
export function kindNamesModule(names: readonly string[]): string {
  return `export const CELL_KINDS = ${JSON.stringify(names)};
const KINDS = new Set(CELL_KINDS);
export function isCellKind(name) { return KINDS.has(name); }
`;
}

export function kindNamesAsList(root: string): Plugin {
  const cellsDir = resolve(root, 'src/core/cells');
  const target = join(cellsDir, 'kindNames.ts');
  return {
    name: 'pulse:kind-names-as-list',
    enforce: 'pre',
    load(id) {
      if (id.split('?')[0] !== target) return null;
      return kindNamesModule(scanKindNames(cellsDir));
    },
  };
}
