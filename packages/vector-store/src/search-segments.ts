import type { MetadataFilter, ScoredChunk, SegmentRef } from '@ragship/core';
import type { VectorStore } from './vector-store.js';

/**
 * Searches a version's segments in parallel and merges by score: each segment is asked for
 * `k` plus its tombstone count, tombstoned ids are dropped, and the best `k` live chunks win.
 */
export async function searchSegments(
  store: VectorStore,
  segments: readonly SegmentRef[],
  embedding: readonly number[],
  k: number,
  where?: MetadataFilter,
): Promise<ScoredChunk[]> {
  const perSegment = await Promise.all(
    segments.map(async (segment) => {
      const dead = new Set(segment.tombstones);
      const found = await store.query(
        segment.name,
        embedding,
        Math.min(k + dead.size, Math.max(segment.chunks, 1)),
        where,
      );
      return found.filter((chunk) => !dead.has(chunk.id));
    }),
  );
  return perSegment
    .flat()
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}
