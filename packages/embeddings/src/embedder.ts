import { InvalidInputError } from '@ragship/core';

/**
 * Turns texts into vectors. Adapters declare their limits; callers split batches
 * (see {@link embedMany}).
 */
export interface Embedder {
  /** Provider id as configured, e.g. `local` or `openai:text-embedding-3-small`. Recorded in manifests. */
  readonly id: string;
  /** Length of every vector this embedder returns. */
  readonly dimensions: number;
  /** Most texts one {@link Embedder.embed} call accepts. */
  readonly maxBatchSize: number;
  /** Embeds at most {@link Embedder.maxBatchSize} texts, returning one vector per text, in order. */
  embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
}

/** Throws when a caller passes more texts than the embedder declared it accepts. */
export function assertBatchSize(id: string, count: number, maxBatchSize: number): void {
  if (count > maxBatchSize) {
    throw new InvalidInputError(
      `Embedder "${id}" takes at most ${maxBatchSize} texts per call, got ${count}; split with embedMany.`,
    );
  }
}
