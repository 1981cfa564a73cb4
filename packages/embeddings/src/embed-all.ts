import { RagshipError, sha256 } from '@ragship/core';
import { embedInBatches, type EmbedManyOptions } from './embed-many.js';
import type { EmbeddingCache, EmbeddingCacheEntry } from './embedding-cache.js';
import type { Embedder } from './embedder.js';

/** Options of {@link embedAll}. */
export interface EmbedAllOptions extends EmbedManyOptions {
  /** Vectors already computed; texts found here are never sent to the provider, new vectors are added. */
  cache?: EmbeddingCache;
}

/** What {@link embedAll} returns. */
export interface EmbedAllResult {
  /** One unit vector per text, in input order, rounded to float32. */
  vectors: number[][];
  /** Texts sent to the provider. */
  embedded: number;
  /** Texts served from the cache. */
  cached: number;
}

/**
 * Like {@link embedMany}, but serves texts from `cache` when it holds them (keyed by embedder id
 * and sha256 of the text), stores each new batch as soon as it arrives (an interrupted run keeps
 * its progress) and says how many texts were embedded and how many cached.
 *
 * Every vector is rounded to float32, the precision of the cache and of vector stores, so a
 * cached run returns bit-identical values to a fresh one. `onProgress` counts cached texts as done.
 */
export async function embedAll(
  embedder: Embedder,
  texts: readonly string[],
  options: EmbedAllOptions = {},
): Promise<EmbedAllResult> {
  const { cache } = options;
  const vectors = new Array<number[]>(texts.length);
  // Each text with its place and, with a cache, its key there.
  const items = texts.map((text, index) => ({ index, text, hash: cache ? sha256(text) : '' }));
  const hashes = items.map(({ hash }) => hash);
  const hits = cache?.getMany(embedder.id, hashes) ?? new Map<string, number[]>();
  const missing: typeof items = [];
  for (const item of items) {
    const hit = hits.get(item.hash);
    // A vector of another length was stored under a different `dimensions` setting: a miss.
    if (hit?.length === embedder.dimensions) vectors[item.index] = hit;
    else missing.push(item);
  }
  const cached = texts.length - missing.length;
  let done = cached;
  if (cached > 0) options.onProgress?.(done, texts.length);

  const missingTexts = missing.map(({ text }) => text);
  await embedInBatches(embedder, missingTexts, options, (start, batch) => {
    const entries: EmbeddingCacheEntry[] = [];
    batch.forEach((vector, offset) => {
      // embedInBatches hands each batch of missingTexts back with its start: one vector per text.
      const item = missing[start + offset];
      if (item === undefined) {
        throw new RagshipError(
          'INTERNAL',
          `Batch at ${start} has a vector ${offset} past the ${missing.length} texts to embed.`,
        );
      }
      const rounded = vector.map(Math.fround);
      vectors[item.index] = rounded;
      if (cache) entries.push({ hash: item.hash, vector: rounded });
    });
    cache?.putMany(embedder.id, entries);
    done += batch.length;
    options.onProgress?.(done, texts.length);
  });
  return { vectors, embedded: missing.length, cached };
}
