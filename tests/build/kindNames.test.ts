import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kindNamesModule, scanKindNames } from '../../src/build/kindNames.ts';
import { CELL_KIND_DEFS } from '../../src/core/cells/registry.ts';

// The browser bundle parses notebooks with the names read from the sources (src/build/kindNames.ts);
// the reference is the registry itself, which the CLI and every other test use.
describe('kind names read from the sources for the browser bundle', () => {
  const scanned = scanKindNames(join(import.meta.dirname, '../../src/core/cells'));

  it('are exactly the registered kinds (a kind written without a `kind: \'name\',` line, or defined but not registered, fails here)', () => {
    expect(scanned).toEqual([...CELL_KIND_DEFS.keys()].sort());
  });

  it('make a module whose isCellKind answers as the registry does', async () => {
    const url = `data:text/javascript,${encodeURIComponent(kindNamesModule(scanned))}`;
    const mod = (await import(/* @vite-ignore */ url)) as { isCellKind(n: string): boolean; CELL_KINDS: string[] };
    for (const kind of CELL_KIND_DEFS.keys()) expect(mod.isCellKind(kind)).toBe(true);
    for (const other of ['python', 'js', '', 'SQL', 'sql ']) expect(mod.isCellKind(other)).toBe(CELL_KIND_DEFS.has(other));
  });
});
