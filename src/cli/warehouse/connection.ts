/**
 * A connection name (`analytics`) to a driver configuration: the URL in PULSE_CONN_ANALYTICS, or else
 * the standard PG* variables and the user's password file, as psql would. The notebook never holds a
 * host, user or password; the resolved connection carries its secrets so every message can drop them.
 */
import type { ClientConfig } from 'pg';
import { connectionEnvVar } from '../../core/notebook/warehouse.ts';
import { WarehouseError } from './errors.ts';
import { pgpassPassword } from './pgpass.ts';

export interface ResolvedConnection {
  name: string;
  /** Where it came from, for messages: `PULSE_CONN_ANALYTICS` or `the PG* environment`. */
  via: string;
  /** host:port, for "cannot reach" messages. */
  address: string;
  config: ClientConfig;
  /** Strings that must never appear in output. */
  secrets: string[];
  /** A note for stderr (a password file that was skipped). */
  warning?: string;
}

export function resolveConnection(name: string, env: NodeJS.ProcessEnv = process.env): ResolvedConnection {
  const variable = connectionEnvVar(name);
  const url = env[variable];
  if (url !== undefined && url.trim() !== '') {
    let parsed: URL;
    try {
      parsed = new URL(url.trim());
    } catch {
      // Never echo the value: it holds the password.
      throw new WarehouseError('config', `connection \`${name}\`: ${variable} is not a URL; write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE`);
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
      throw new WarehouseError('config', `connection \`${name}\`: ${variable} must be a postgres:// URL (it starts with ${parsed.protocol}//); write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE`);
    }
    const password = decodeURIComponent(parsed.password);
    const host = decodeURIComponent(parsed.hostname) || 'localhost';
    const port = Number(parsed.port || 5432);
    const user = decodeURIComponent(parsed.username) || env.PGUSER || env.USER || 'postgres';
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || user;
    let warning: string | undefined;
    let pass = password;
    if (!pass) {
      const found = pgpassPassword({ host, port, database, user }, env);
      pass = found.password ?? '';
      warning = found.skipped;
    }
    return {
      name,
      via: variable,
      address: `${host}:${port}`,
      config: { host, port, user, database, password: pass, ...sslOf(parsed.searchParams.get('sslmode') ?? env.PGSSLMODE) },
      secrets: [url.trim(), password, pass].filter(Boolean),
      ...(warning ? { warning } : {}),
    };
  }
  const host = env.PGHOST || 'localhost';
  const port = Number(env.PGPORT || 5432);
  const user = env.PGUSER || env.USER || 'postgres';
  const database = env.PGDATABASE || user;
  const found = env.PGPASSWORD ? { password: env.PGPASSWORD } : pgpassPassword({ host, port, database, user }, env);
  return {
    name,
    via: `the PG* environment (no ${variable} is set)`,
    address: `${host}:${port}`,
    config: { host, port, user, database, password: found.password ?? '', ...sslOf(env.PGSSLMODE) },
    secrets: [found.password ?? ''].filter(Boolean),
    ...('skipped' in found && found.skipped ? { warning: found.skipped } : {}),
  };
}

/**
 * libpq's sslmode as the driver's `ssl`: disable/allow/prefer → plain (pg cannot fall back from TLS),
 * require → TLS without checking the certificate (as libpq), verify-ca / verify-full → checked.
 */
function sslOf(mode: string | null | undefined): Pick<ClientConfig, 'ssl'> {
  switch (mode) {
    case 'require':
      return { ssl: { rejectUnauthorized: false } };
    case 'verify-ca':
    case 'verify-full':
      return { ssl: true };
    default:
      return {};
  }
}
