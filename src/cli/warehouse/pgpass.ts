/**
 * The password libpq would take from the user's password file (PGPASSFILE, else ~/.pgpass): lines of
 * `hostname:port:database:username:password`, `*` matching anything, `\:` and `\\` escaped. As libpq,
 * a file that the group or others may read is ignored (with the reason returned for a warning).
 * Read here rather than by pg, whose own .pgpass support is deprecated and prints a warning.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface PgpassLookup {
  password?: string;
  /** Why the file was not used, when it exists but was skipped. */
  skipped?: string;
}

export function pgpassPassword(
  want: { host: string; port: number; database: string; user: string },
  env: NodeJS.ProcessEnv = process.env,
): PgpassLookup {
  const file = env.PGPASSFILE || join(env.HOME || homedir(), '.pgpass');
  if (!existsSync(file)) return {};
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    return { skipped: `${file} is readable by other users, so it is ignored (as psql does): chmod 600 ${file}` };
  }
  const host = want.host.startsWith('/') ? 'localhost' : want.host;
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (raw.trim() === '' || raw.startsWith('#')) continue;
    const fields = splitFields(raw);
    if (fields.length < 5) continue;
    const [h, p, d, u] = fields as [string, string, string, string];
    const ok = (pattern: string, value: string) => pattern === '*' || pattern === value;
    if (ok(h, host) && ok(p, String(want.port)) && ok(d, want.database) && ok(u, want.user)) return { password: fields.slice(4).join(':') };
  }
  return {};
}

function splitFields(line: string): string[] {
  const fields: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) cur += line[++i];
    else if (c === ':' && fields.length < 4) {
      fields.push(cur);
      cur = '';
    } else cur += c;
  }
  fields.push(cur);
  return fields;
}
