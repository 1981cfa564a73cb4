import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { ChromaServerError } from './chroma-server-error.js';

/**
 * The absolute path of the `chroma` command-line script of the installed `chromadb` package
 * (its `bin.chroma`, today `dist/cli.mjs`). Run it with Node: `node <path> run --path … --port …`.
 *
 * @throws {@link ChromaServerError} with code `CHROMA_SERVER_START_FAILED` when `chromadb` is not
 * installed or declares no `chroma` command.
 */
export function resolveChromaCliPath(): string {
  let entryPath: string;
  try {
    entryPath = createRequire(import.meta.url).resolve('chromadb');
  } catch (error) {
    throw new ChromaServerError('CHROMA_SERVER_START_FAILED', 'Cannot find the chromadb package; is it installed?', {
      cause: error,
    });
  }
  // The package's exports map hides package.json, so walk up from its entry file to find it.
  for (let directory = path.dirname(entryPath); ; directory = path.dirname(directory)) {
    const manifestPath = path.join(directory, 'package.json');
    if (existsSync(manifestPath)) {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { name?: string; bin?: unknown };
      if (manifest.name === 'chromadb') return path.join(directory, chromaBinEntry(manifest.bin, manifestPath));
    }
    if (path.dirname(directory) === directory) break;
  }
  throw new ChromaServerError(
    'CHROMA_SERVER_START_FAILED',
    `Cannot find the package.json of chromadb above ${entryPath}`,
  );
}

function chromaBinEntry(bin: unknown, manifestPath: string): string {
  if (typeof bin === 'string') return bin;
  if (typeof bin === 'object' && bin !== null && 'chroma' in bin && typeof bin.chroma === 'string') return bin.chroma;
  throw new ChromaServerError('CHROMA_SERVER_START_FAILED', `${manifestPath} declares no "chroma" command in "bin"`);
}
