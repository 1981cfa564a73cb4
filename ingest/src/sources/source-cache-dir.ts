import path from 'node:path';

/**
 * Where remote sources keep their mirrors and clones between runs: `<dataDir>/sources`. Losing it
 * costs one full download (the next run cannot send conditional requests); content hashes and the
 * embedding cache still keep unchanged documents from being embedded again.
 */
export function sourceCacheDir(dataDirPath: string): string {
  return path.join(dataDirPath, 'sources');
}
