/** Shared by the warehouse tests: the servers from globalSetup, `pulse` in-process, psql, temp notebooks. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { PgServer } from '../../scripts/pg-test-cluster.ts';

export const pgInfo = inject('pg');
/** The reason the suite is skipped, shown in the test name; null when the servers run. */
export const skipReason = pgInfo.skip;
/** A suite's name, with the reason when it is skipped, so the skip is visible in the test output. */
export const suiteName = (name: string) => (skipReason === null ? name : `${name} (skipped: ${skipReason})`);

export interface Ran {
  code: number;
  stdout: string[];
  stderr: string[];
}

export async function pulse(...argv: string[]): Promise<Ran> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(argv, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
  return { code, stdout, stderr };
}

/** Run SQL on a server through psql (tuples only, `|`-separated). */
export function psql(server: PgServer, sql: string): string {
  return execFileSync(join(pgInfo.bin, 'psql'), ['-X', '-v', 'ON_ERROR_STOP=1', '-q', '-At', '-h', '127.0.0.1', '-p', String(server.port), '-U', 'pulse_admin', '-d', 'warehouse', '-c', sql], {
    encoding: 'utf8',
    env: { ...process.env, PGPASSWORD: pgInfo.password, PGOPTIONS: '-c client_min_messages=warning' },
  }).trim();
}

const dir = mkdtempSync(join(tmpdir(), 'pulse-warehouse-test-'));
let seq = 0;
export const tmpPath = (name: string) => join(dir, `${seq++}-${name}`);

/** A notebook file from its front matter (YAML lines) and body. */
export function notebookFile(frontMatter: string, body: string): string {
  const path = tmpPath('nb.pulse.md');
  writeFileSync(path, `---\npulse: 1\ntitle: Warehouse test\n${frontMatter}\n---\n\n${body}\n`);
  return path;
}
