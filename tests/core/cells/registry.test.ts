import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CELL_KINDS, isCellKind } from '../../../src/core/cells/kindNames.ts';
import { CELL_FAMILIES, CELL_KIND_DEFS } from '../../../src/core/cells/registry.ts';

describe('cell kind registry', () => {
  it('the fence languages the parser treats as cells are exactly the registered kinds, each once', () => {
    const registered = CELL_FAMILIES.flatMap((f) => f.cells.map((d) => d.kind));
    expect(new Set(registered).size).toBe(registered.length);
    expect([...CELL_KINDS].sort()).toEqual([...registered].sort());
    expect(CELL_KIND_DEFS.size).toBe(registered.length);
    expect(isCellKind('sql')).toBe(true);
    expect(isCellKind('python')).toBe(false);
  });
  it('families have distinct ids, and each has its folder', () => {
    expect(new Set(CELL_FAMILIES.map((f) => f.id)).size).toBe(CELL_FAMILIES.length);
    for (const f of CELL_FAMILIES) expect(readdirSync(`src/core/cells/${f.id}`), f.id).toContain('index.ts');
  });
  it('every kind is documented in docs/cells.md or a family page docs/cells/<family>.md', () => {
    const pages = readdirSync('docs/cells').filter((f) => f.endsWith('.md')).map((f) => `docs/cells/${f}`);
    const doc = ['docs/cells.md', ...pages].map((p) => readFileSync(p, 'utf8')).join('\n');
    for (const kind of CELL_KINDS) expect(doc, kind).toContain(`## ${kind}\n`);
  });
});
