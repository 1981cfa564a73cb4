import type { ManifestDocument, SegmentRef } from '@ragship/core';

/**
 * The segments of a new version built on `parent`: the parent's segments with the chunks of
 * changed and removed documents tombstoned, plus the delta this run wrote (if any).
 */
export function planSegments(options: {
  parentSegments: readonly SegmentRef[];
  /** Parent manifest entries of documents that changed or were removed. */
  superseded: readonly ManifestDocument[];
  delta: { name: string; chunks: number } | null;
}): SegmentRef[] {
  const dead = new Map<string, Set<string>>();
  for (const document of options.superseded) {
    const set = dead.get(document.segment) ?? new Set<string>();
    for (const id of document.chunkIds) set.add(id);
    dead.set(document.segment, set);
  }
  const segments = options.parentSegments.map((segment) => ({
    ...segment,
    tombstones: [...new Set([...segment.tombstones, ...(dead.get(segment.name) ?? [])])].sort(),
  }));
  if (options.delta) segments.push({ ...options.delta, tombstones: [] });
  return segments;
}

/** Thresholds that fold a segment chain into a new base. */
export interface CompactionPolicy {
  /** Most delta segments on top of a base. Default 2. */
  maxDeltas: number;
  /** Largest share of dead plus delta chunks among all stored ones before compacting. Default 0.1. */
  maxChangedRatio: number;
}

/** Why `segments` should be compacted now, or null. */
export function compactionReason(segments: readonly SegmentRef[], policy: CompactionPolicy): string | null {
  const deltas = segments.length - 1;
  if (deltas > policy.maxDeltas) return `${deltas} delta segments exceed the limit of ${policy.maxDeltas}`;
  const stored = segments.reduce((sum, segment) => sum + segment.chunks, 0);
  const dead = segments.reduce((sum, segment) => sum + segment.tombstones.length, 0);
  const deltaChunks = segments.slice(1).reduce((sum, segment) => sum + segment.chunks, 0);
  const ratio = stored === 0 ? 0 : (dead + deltaChunks) / stored;
  if (ratio > policy.maxChangedRatio) {
    const limit = Math.round(policy.maxChangedRatio * 100);
    return `${Math.round(ratio * 100)}% of stored chunks are dead or in deltas (limit ${limit}%)`;
  }
  return null;
}
