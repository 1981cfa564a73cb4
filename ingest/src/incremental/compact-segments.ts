import type { SegmentRef } from '@ragship/core';
import { copySegment, type VectorStore } from '@ragship/vector-store';

/**
 * Copies the live chunks of `segments` (tombstones dropped) into a new segment `target`,
 * vectors included — no re-embedding. Returns the number of chunks copied.
 */
export async function compactSegments(options: {
  store: VectorStore;
  segments: readonly SegmentRef[];
  target: string;
  dimensions: number;
  metadata: Record<string, string>;
  signal?: AbortSignal | undefined;
  onCopied?: (copied: number) => void;
}): Promise<number> {
  const { store } = options;
  let copied = 0;
  for (const segment of options.segments) {
    const before = copied;
    const result = await copySegment({
      from: store,
      segment: segment.name,
      to: store,
      target: options.target,
      create: { dimensions: options.dimensions, metadata: options.metadata },
      exclude: new Set(segment.tombstones),
      signal: options.signal,
      onCopied: (count) => options.onCopied?.(before + count),
    });
    copied += result.copied;
  }
  return copied;
}
