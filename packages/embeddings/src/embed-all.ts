import { sha256 } from '@ragship/core';
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
  const hashes = cache ? texts.map((text) => sha256(text)) : [];
  const hits = cache?.getMany(embedder.id, hashes) ?? new Map<string, number[]>();
  const missing: number[] = [];
  texts.forEach((_, index) => {
    const hit = hits.get(hashes[index] ?? '');
    // A vector of another length was stored under a different `dimensions` setting: a miss.
    if (hit?.length === embedder.dimensions) vectors[index] = hit;
    else missing.push(index);
  });
  const cached = texts.length - missing.length;
  let done = cached;
  if (cached > 0) options.onProgress?.(done, texts.length);

  const missingTexts = missing.map((index) => texts[index] as string);
  await embedInBatches(embedder, missingTexts, options, (start, batch) => {
    const entries: EmbeddingCacheEntry[] = [];
    batch.forEach((vector, offset) => {
      const index = missing[start + offset] as number;
      const rounded = vector.map(Math.fround);
      vectors[index] = rounded;
      if (cache) entries.push({ hash: hashes[index] as string, vector: rounded });
    });
    cache?.putMany(embedder.id, entries);
    done += batch.length;
    options.onProgress?.(done, texts.length);
  });
  return { vectors, embedded: missing.length, cached };
}
