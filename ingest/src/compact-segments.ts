import type { SegmentRef } from '@ragship/core';
import type { VectorStore } from '@ragship/vector-store';

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
  await store.createSegment(options.target, { dimensions: options.dimensions, metadata: options.metadata });
  let copied = 0;
  for (const segment of options.segments) {
    const dead = new Set(segment.tombstones);
    for await (const page of store.readChunks(segment.name)) {
      options.signal?.throwIfAborted();
      const live = page.filter((chunk) => !dead.has(chunk.id));
      if (live.length === 0) continue;
      await store.addChunks(options.target, live);
      copied += live.length;
      options.onCopied?.(copied);
    }
  }
  return copied;
}
