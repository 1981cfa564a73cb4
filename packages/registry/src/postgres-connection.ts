import { ConfigError, StoreUnavailableError } from '@ragship/core';

/** The PostgreSQL registry's connection helpers: its URL, its schema name, and when the server is gone. */

/** Splits ragship's `?schema=` off a PostgreSQL URL and names the URL without its password. */
export function parsePostgresUrl(url: string): { connectionString: string; schema: string; location: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`registry.url is not a valid PostgreSQL URL: ${redactPassword(url)}`, 'registry.url');
  }
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigError(
      `registry.url schema "${schema}" is not a plain identifier (letters, digits, underscores).`,
      'registry.url',
    );
  }
  parsed.searchParams.delete('schema');
  const location = new URL(parsed.href);
  if (location.password) location.password = '***';
  return { connectionString: parsed.href, schema, location: location.href };
}

function redactPassword(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Errors that mean the database went away or never answered, as opposed to a refused statement. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^(ECONN|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|EPIPE|57P0|08)/.test(code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(error.message);
}

export function unavailable(location: string, error: unknown): StoreUnavailableError {
  const reason = error instanceof Error ? error.message || (error as { code?: string }).code : String(error);
  return new StoreUnavailableError(`The registry at ${location} cannot be reached: ${reason}`, { cause: error });
}
