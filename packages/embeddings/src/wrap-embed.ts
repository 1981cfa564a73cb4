import type { Embedder } from './embedder.js';

/**
 * The same embedder (id, dimensions, batch size) with its `embed` call replaced, for decorators
 * that time, trace or count.
 */
export function wrapEmbed(embedder: Embedder, embed: Embedder['embed']): Embedder {
  return { id: embedder.id, dimensions: embedder.dimensions, maxBatchSize: embedder.maxBatchSize, embed };
}
