import { RagshipError, formatIndexRef, type Manifest } from '@ragship/core';
import type { Embedder } from '@ragship/embeddings';
import { LexicalIndex } from '@ragship/lexical-index';
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
    lexical: await lexicalIndexOf(registry, manifest, version),
  };
}

/** The version's stored BM25 index; null when it was built before ragship kept one. */
async function lexicalIndexOf(registry: Registry, manifest: Manifest, version: number): Promise<LexicalIndex | null> {
  if (!manifest.lexical) return null;
  const stored = await registry.getArtifact(manifest.kb, version, manifest.lexical.artifact);
  if (!stored) {
    throw new RagshipError(
      'ARTIFACT_MISSING',
      `${formatIndexRef(manifest.kb, version)}'s lexical index (${manifest.lexical.artifact}) is not in the registry.`,
    );
  }
  return LexicalIndex.load(stored.data);
}
