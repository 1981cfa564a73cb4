import path from 'node:path';
import { ConfigError } from '@ragship/core';
import { createPostgresRegistry } from './postgres-registry.js';
import type { Registry } from './registry.js';
import { createSqliteRegistry } from './sqlite-registry.js';

/**
 * Opens the registry a URL names: `sqlite:<file>` (relative paths resolve against `baseDir`, the
 * config file's directory or the working directory) or `postgres://…` / `postgresql://…`
 * (optionally `?schema=name`).
 */
export function createRegistry(url: string, baseDir: string): Registry {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (!file)
      throw new ConfigError(
        'registry.url "sqlite:" needs a file path, e.g. sqlite:.ragship/registry.db',
        'registry.url',
      );
    return createSqliteRegistry({ file: file === ':memory:' ? file : path.resolve(baseDir, file) });
  }
  if (/^postgres(ql)?:\/\//.test(url)) return createPostgresRegistry({ url });
  throw new ConfigError(
    `registry.url "${url.replace(/\/\/[^@]*@/, '//***@')}" is not supported; ` +
      'use sqlite:<file> or postgres://user@host/database.',
    'registry.url',
  );
}
