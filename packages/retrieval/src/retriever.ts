import type { ScoredChunk, SegmentRef } from '@ragship/core';
import { embedMany, type Embedder } from '@ragship/embeddings';
import type { VectorStore } from '@ragship/vector-store';

/** What to search: a version's segments in one store, embedded by the version's embedder. */
export interface SearchTarget {
  store: VectorStore;
  embedder: Embedder;
  segments: readonly SegmentRef[];
}

/**
 * Dense retrieval over a version: embeds the query, searches every segment in parallel and
 * merges by score. Returns at most `k` chunks, best first.
 */
export async function retrieve(target: SearchTarget, query: string, k: number): Promise<ScoredChunk[]> {
  const [embedding] = await embedMany(target.embedder, [query]);
  if (!embedding) return [];
  const perSegment = await Promise.all(
    target.segments.map((segment) => target.store.query(segment.name, embedding, k)),
  );
  return perSegment
    .flat()
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}
