import type { Manifest } from '@ragship/core';
import type { Embedder } from '@ragship/embeddings';
import { loadVersionLexical } from '@ragship/lexical-index';
import type { Registry } from '@ragship/registry';
import type { VectorStore } from '@ragship/vector-store';
import type { SearchTarget } from './retriever.js';

/**
 * A version ready to search in `store`: its segments, its stored BM25 index, and `embedder` (which
 * must be the one its manifest names). What serving and promotion baselines both retrieve from.
 */
export async function openSearchTarget(
  registry: Registry,
  store: VectorStore,
  manifest: Manifest,
  version: number,
  embedder: Embedder,
): Promise<SearchTarget> {
  return {
    store,
    embedder,
    segments: manifest.segments,
    lexical: await loadVersionLexical(
      manifest,
      version,
      async (artifact) => (await registry.getArtifact(manifest.kb, version, artifact))?.data,
    ),
  };
}
