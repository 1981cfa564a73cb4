import type { Embedder } from './embedder.js';

/** Options of {@link embedMany}. */
export interface EmbedManyOptions {
  signal?: AbortSignal;
  /** Called after each batch with the number of texts embedded so far. */
  onProgress?: (embedded: number, total: number) => void;
}

/**
 * Embeds any number of texts, splitting them into batches of the embedder's `maxBatchSize`, and
 * returns unit-length vectors: stores then rank by inner product, which is cosine similarity.
 */
export async function embedMany(
  embedder: Embedder,
  texts: readonly string[],
  options: EmbedManyOptions = {},
): Promise<number[][]> {
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += embedder.maxBatchSize) {
    options.signal?.throwIfAborted();
    const batch = texts.slice(start, start + embedder.maxBatchSize);
    const embedded = await embedder.embed(batch, { signal: options.signal });
    for (const vector of embedded) vectors.push(normalize(vector));
    options.onProgress?.(vectors.length, texts.length);
  }
  return vectors;
}

/** Scales a vector to length 1; a zero vector stays zero. */
export function normalize(vector: readonly number[]): number[] {
  const norm = Math.hypot(...vector);
  return norm === 0 ? [...vector] : vector.map((value) => value / norm);
}
