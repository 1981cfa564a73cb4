import type { ScoredChunk, SegmentRef } from '@ragship/core';
import { embedMany, type Embedder } from '@ragship/embeddings';
import { searchSegments, type VectorStore } from '@ragship/vector-store';

/** What to search: a version's segments in one store, embedded by the version's embedder. */
export interface SearchTarget {
  store: VectorStore;
  embedder: Embedder;
  segments: readonly SegmentRef[];
}

/**
 * Dense retrieval over a version: embeds the query and searches every segment in parallel,
 * dropping tombstoned chunks and merging by score. Returns at most `k` chunks, best first.
 */
export async function retrieve(target: SearchTarget, query: string, k: number): Promise<ScoredChunk[]> {
  const [embedding] = await embedMany(target.embedder, [query]);
  if (!embedding) return [];
  return searchSegments(target.store, target.segments, embedding, k);
}
