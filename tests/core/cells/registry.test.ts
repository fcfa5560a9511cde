import { describe, expect, it } from 'vitest';
import { CELL_KINDS } from '../../../src/core/cells/kindNames.ts';
import { CELL_KIND_DEFS } from '../../../src/core/cells/registry.ts';

describe('cell kind registry', () => {
  it('every fence language the parser treats as a cell has a definition, and no other', () => {
    expect([...CELL_KIND_DEFS.keys()].sort()).toEqual([...CELL_KINDS].sort());
  });
  it('every kind is documented in docs/cells.md or a family page docs/cells/<family>.md', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    // docs/cells.md, plus one page per family of kinds in docs/cells/.
    const pages = readdirSync('docs/cells').filter((f) => f.endsWith('.md')).map((f) => `docs/cells/${f}`);
    const doc = ['docs/cells.md', ...pages].map((p) => readFileSync(p, 'utf8')).join('\n');
    for (const kind of CELL_KINDS) expect(doc, kind).toContain(`## ${kind}\n`);
  });
});
