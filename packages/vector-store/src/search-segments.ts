import type { Chunk, MetadataFilter, ScoredId, SegmentRef } from '@ragship/core';
import type { VectorStore } from './vector-store.js';

/** A nearest neighbour of a version's search, with the segment that holds it live. */
export interface SegmentHit extends ScoredId {
  segment: string;
}

/**
 * Searches a version's segments in parallel and merges by score: each segment is asked for
 * `k` plus its tombstone count, tombstoned ids are dropped, and the best `k` live chunks win.
 * Ids and scores only: read the text of the hits kept with {@link getLiveChunks}.
 */
export async function searchSegments(
  store: VectorStore,
  segments: readonly SegmentRef[],
  embedding: readonly number[],
  k: number,
  where?: MetadataFilter,
): Promise<SegmentHit[]> {
  const perSegment = await Promise.all(
    segments.map(async (segment) => {
      const dead = new Set(segment.tombstones);
      const found = await store.nearest(
        segment.name,
        embedding,
        Math.min(k + dead.size, Math.max(segment.chunks, 1)),
        where,
      );
      return found.filter((hit) => !dead.has(hit.id)).map((hit) => ({ ...hit, segment: segment.name }));
    }),
  );
  return perSegment
    .flat()
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

/**
 * Reads chunks of a version by id from the segments that hold them live (a tombstoned copy is
 * never used), in no particular order; ids no segment holds are left out. `known` maps an id to
 * its segment when a search said so; the rest are asked of every segment where they are not
 * tombstoned. One request per segment that has something to read.
 */
export async function getLiveChunks(
  store: VectorStore,
  segments: readonly SegmentRef[],
  ids: readonly string[],
  known: ReadonlyMap<string, string> = new Map(),
): Promise<Chunk[]> {
  if (ids.length === 0) return [];
  const pages = await Promise.all(
    segments.map(async (segment) => {
      const dead = new Set(segment.tombstones);
      const wanted = ids.filter((id) => (known.get(id) ?? segment.name) === segment.name && !dead.has(id));
      if (wanted.length === 0) return [];
      return (await store.getChunks(segment.name, wanted)).filter((chunk) => !dead.has(chunk.id));
    }),
  );
  return pages.flat();
}
