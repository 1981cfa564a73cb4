import { InvalidInputError } from '@ragship/core';
import pLimit from 'p-limit';
import type { Embedder } from './embedder.js';

/** Options of {@link embedMany}. */
export interface EmbedManyOptions {
  /** Aborts the run: no new batch starts and requests in flight are cancelled. */
  signal?: AbortSignal;
  /** Batches in flight at once. Results keep the input order whatever finishes first. Default 1. */
  concurrency?: number;
  /** Called after each batch with the number of texts embedded so far and the total. */
  onProgress?: (embedded: number, total: number) => void;
}

/**
 * Embeds any number of texts, splitting them into batches of the embedder's `maxBatchSize`, and
 * returns unit-length vectors in input order: stores then rank by inner product, which is cosine
 * similarity. See {@link embedAll} for a run that skips texts already in an embedding cache.
 */
export async function embedMany(
  embedder: Embedder,
  texts: readonly string[],
  options: EmbedManyOptions = {},
): Promise<number[][]> {
  const vectors = new Array<number[]>(texts.length);
  let embedded = 0;
  await embedInBatches(embedder, texts, options, (start, batch) => {
    batch.forEach((vector, offset) => (vectors[start + offset] = vector));
    embedded += batch.length;
    options.onProgress?.(embedded, texts.length);
  });
  return vectors;
}

/**
 * Runs the batches of `texts`, at most `concurrency` at a time, and hands each batch's unit
 * vectors to `onBatch` with the index of its first text. The first failure cancels the rest.
 */
export async function embedInBatches(
  embedder: Embedder,
  texts: readonly string[],
  options: Pick<EmbedManyOptions, 'signal' | 'concurrency'>,
  onBatch: (start: number, vectors: number[][]) => void,
): Promise<void> {
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InvalidInputError(`concurrency must be a positive integer, got ${concurrency}.`, 'concurrency');
  }
  const size = embedder.maxBatchSize;
  const starts = Array.from({ length: Math.ceil(texts.length / size) }, (_, batch) => batch * size);
  const failed = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, failed.signal]) : failed.signal;
  const limit = pLimit(concurrency);
  try {
    await Promise.all(
      starts.map((start) =>
        limit(async () => {
          signal.throwIfAborted();
          const vectors = await embedder.embed(texts.slice(start, start + size), { signal });
          onBatch(start, vectors.map(normalize));
        }),
      ),
    );
  } catch (error) {
    limit.clearQueue();
    failed.abort(error);
    throw error;
  }
}

/** Scales a vector to length 1; a zero vector stays zero. */
export function normalize(vector: readonly number[]): number[] {
  const norm = Math.hypot(...vector);
  return norm === 0 ? [...vector] : vector.map((value) => value / norm);
}
