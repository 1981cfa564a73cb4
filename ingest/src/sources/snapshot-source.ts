import path from 'node:path';
import { sha256, type Manifest } from '@ragship/core';
import type { IngestOptions } from '../ingest-options.js';
import { createDirectorySource } from './directory-source.js';
import type { DocumentSource, SourceSnapshot } from './document-source.js';

/** The run's source: `options.source`, else the directory `options.directory`. */
export function runSource(options: IngestOptions): DocumentSource {
  if (options.source) return options.source;
  if (options.directory !== undefined) return createDirectorySource(options.directory);
  throw new TypeError('ingest needs a source or a directory');
}

/**
 * Fetches the run's source into its cache, telling it what the parent version saw of the same
 * location (so a web site gets conditional requests, a repository is compared by commit, a bucket
 * by its listing). Each kb and location has its own cache directory under `sourceCacheDir`.
 */
export async function snapshotSource(options: IngestOptions, parent: Manifest | null): Promise<SourceSnapshot> {
  const source = runSource(options);
  const previous =
    parent?.source?.kind === source.kind && parent.source.location === source.location ? parent.source : undefined;
  if (source.kind !== 'directory' && options.sourceCacheDir === undefined) {
    throw new TypeError(`ingest of a ${source.kind} source needs sourceCacheDir`);
  }
  const cacheDir = path.join(
    options.sourceCacheDir ?? '.',
    options.kb,
    `${source.kind}-${sha256(source.location).slice(0, 16)}`,
  );
  return source.snapshot({
    previous,
    cacheDir,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onSourceProgress ? { onProgress: options.onSourceProgress } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
}
