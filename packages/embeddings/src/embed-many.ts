import type { Embedder } from './embedder.js';

/** Options of {@link embedMany}. */
export interface EmbedManyOptions {
  signal?: AbortSignal;
  /** Called after each batch with the number of texts embedded so far. */
  onProgress?: (embedded: number, total: number) => void;
}

/** Embeds any number of texts, splitting them into batches of the embedder's `maxBatchSize`. */
export async function embedMany(
  embedder: Embedder,
  texts: readonly string[],
  options: EmbedManyOptions = {},
): Promise<number[][]> {
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += embedder.maxBatchSize) {
    options.signal?.throwIfAborted();
    const batch = texts.slice(start, start + embedder.maxBatchSize);
    vectors.push(...(await embedder.embed(batch, { signal: options.signal })));
    options.onProgress?.(vectors.length, texts.length);
  }
  return vectors;
}
