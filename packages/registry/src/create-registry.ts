import path from 'node:path';
import { ConfigError } from '@ragship/core';
import type { Registry } from './registry.js';
import { createSqliteRegistry } from './sqlite-registry.js';

/**
 * Opens the registry a URL names: `sqlite:<file>` (relative paths resolve against `baseDir`, the
 * config file's directory or the working directory).
 * PostgreSQL (`postgres://…`) is not built yet and fails with a clear {@link ConfigError}.
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
  throw new ConfigError(
    `registry.url "${url.replace(/\/\/[^@]*@/, '//***@')}" is not supported yet; use sqlite:<file>.`,
    'registry.url',
  );
}
