import path from 'node:path';
import type { DocumentSource, SourceSnapshot } from './document-source.js';

/**
 * A folder on this machine: the pipeline reads it in place, and the input fingerprint (sizes,
 * times, hashes) is its change detection, so the snapshot never says `unchanged` by itself.
 */
export function createDirectorySource(directory: string): DocumentSource {
  const location = path.resolve(directory);
  return {
    kind: 'directory',
    location,
    snapshot(): Promise<SourceSnapshot> {
      return Promise.resolve({
        directory,
        record: { kind: 'directory', location },
        unchanged: false,
        release: () => Promise.resolve(),
      });
    },
  };
}
