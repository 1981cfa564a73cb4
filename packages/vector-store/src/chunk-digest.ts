import { createHash } from 'node:crypto';
import type { EmbeddedChunk } from '@ragship/core';
import type { VectorStore } from './vector-store.js';

/**
 * A sha256 over chunks and vectors, independent of order: chunks are sorted by id, metadata keys
 * are sorted, and vectors are hashed as float32. Compute it over chunks as a store returns them
 * ({@link segmentDigest}): Chroma hands back float32 values that can differ from the written
 * ones in the last bit, but a copy of what was read back reads back the same.
 */
export function chunkDigest(chunks: Iterable<EmbeddedChunk>): string {
  const sorted = [...chunks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const hash = createHash('sha256');
  for (const chunk of sorted) {
    hash.update(chunk.id).update('\0').update(chunk.text).update('\0');
    hash.update(stableJson(chunk.metadata)).update('\0');
    hash.update(Buffer.from(Float32Array.from(chunk.embedding).buffer));
  }
  return hash.digest('hex');
}

function stableJson(value: object): string {
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(entries);
}

/** The {@link chunkDigest} of a segment as stored, read page by page. */
export async function segmentDigest(store: VectorStore, segment: string): Promise<string> {
  const chunks: EmbeddedChunk[] = [];
  for await (const page of store.readChunks(segment)) chunks.push(...page);
  return chunkDigest(chunks);
}
