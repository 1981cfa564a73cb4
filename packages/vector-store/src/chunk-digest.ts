import { createHash } from 'node:crypto';
import type { EmbeddedChunk } from '@ragship/core';

/**
 * A sha256 over chunks and vectors, independent of order and of the store they came from:
 * chunks are sorted by id, metadata keys are sorted, and vectors are hashed as float32 (what
 * stores keep), so the digest computed at write time equals the one read back from any store.
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
