/** `--out` files are written only as regular files, never through a link (src/cli/args.ts). */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outPathProblem, UsageError, writeOutputFile } from '../../src/cli/args.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pulse-out-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeOutputFile', () => {
  it('creates and replaces a regular file', () => {
    const out = join(dir, 'r.json');
    writeOutputFile(out, 'first, and longer');
    writeOutputFile(out, 'second');
    expect(readFileSync(out, 'utf8')).toBe('second');
  });

  it('refuses a link, a folder, and (exclusive) any existing file; the linked file keeps its content', () => {
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'keep me');
    const link = join(dir, 'link.html');
    symlinkSync(victim, link);
    expect(() => writeOutputFile(link, 'x')).toThrow(UsageError);
    expect(outPathProblem(link)).toBe(`--out ${link} is a symbolic link (to ${victim}): Pulse does not write through links (a folder you were sent could plant one to overwrite another file); remove the link or choose another name`);
    expect(() => writeOutputFile(link, 'x', true)).toThrow(/symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    const folder = join(dir, 'folder.md');
    mkdirSync(folder);
    expect(() => writeOutputFile(folder, 'x')).toThrow(/is not a regular file/);
    expect(() => writeOutputFile(victim, 'x', true)).toThrow(/EEXIST/);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
  });
});
