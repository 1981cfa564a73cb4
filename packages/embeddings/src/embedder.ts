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
