import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { parseConfig } from '@ragship/core';
import { createEmbeddingCache, createLocalEmbedder, type EmbeddingCache } from '@ragship/embeddings';
import { createSqliteRegistry, type Registry } from '@ragship/registry';
import { createInMemoryVectorStore, type InMemoryVectorStore } from '@ragship/vector-store/testing';
import { ingest } from '../ingest.js';
import type { IngestOptions } from '../ingest-options.js';

/**
 * One fresh ingest workspace per test: a directory holding three small docs, an in-memory
 * registry, store and embedding cache. The bindings below are live: each test sees its own.
 */
export const defaults = parseConfig({}, 'test');
export let directory: string;
export let registry: Registry;
export let store: InMemoryVectorStore;
export let cache: EmbeddingCache;

/** Registers the hooks that build the workspace before each test and remove it after. */
export function useIngestFixture(): void {
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'ragship-ingest-'));
    write(
      'rolling-back.md',
      '# Rolling back\n\n## How\n\nTo roll back an index, run ragship rollback docs --env prod.\n',
    );
    write('config.txt', 'Chunk size and overlap are configured in ragship.config.yaml under chunking.\n');
    write('promote.md', '# Promoting\n\nTo promote a version, run ragship promote docs@v1 --to staging.\n');
    registry = createSqliteRegistry({ file: ':memory:' });
    store = createInMemoryVectorStore();
    cache = createEmbeddingCache({ file: ':memory:' });
  });
  afterEach(async () => {
    cache.close();
    await registry.close();
    rmSync(directory, { recursive: true, force: true });
  });
}

export function write(name: string, text: string): void {
  writeFileSync(path.join(directory, name), text);
}

/** Ingests the workspace's directory as kb `docs`, with `overrides` on the defaults. */
export function run(overrides: Partial<IngestOptions> = {}) {
  return ingest({
    directory,
    kb: 'docs',
    registry,
    store,
    embedder: createLocalEmbedder(),
    cache,
    chunking: { size: 1000, overlap: 100 },
    validation: defaults.validation,
    ingest: defaults.ingest,
    pipelineVersion: 'test',
    ...overrides,
  });
}
