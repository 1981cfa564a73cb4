import type { Chunk, EmbeddedChunk, MetadataFilter, ScoredId } from '@ragship/core';

/** Options for creating a segment. */
export interface CreateSegmentOptions {
  /** Vector length every chunk in the segment has. */
  dimensions: number;
  /** Free-form scalar metadata stored with the segment (kb, version, embedder id). */
  metadata?: Record<string, string | number | boolean>;
}

/**
 * A vector store that holds immutable segments: named sets of embedded chunks searched by
 * cosine similarity. Vectors written and queried are unit length (see `embedMany`). A version of
 * a kb is one or more segments. Adapters: Chroma (a collection per segment) and Pinecone
 * serverless (a namespace per segment); tests use the in-memory store from
 * `@ragship/vector-store/testing`. One contract suite (`vectorStoreContract`) holds them all to it.
 */
export interface VectorStore {
  /** `chroma`, `memory`, … */
  readonly kind: string;
  /** Where the store is, for messages (a URL, never a credential). */
  readonly location: string;
  /** Resolves when the store answers; throws `StoreUnavailableError` otherwise. */
  ping(): Promise<void>;
  /** Creates an empty segment, or does nothing if it already exists with the same dimensions. */
  createSegment(name: string, options: CreateSegmentOptions): Promise<void>;
  hasSegment(name: string): Promise<boolean>;
  /**
   * Adds chunks to a segment; the adapter splits them into the store's batch sizes. A chunk whose
   * id the segment already holds is left as it is (Chroma ignores such ids), so re-adding is safe.
   */
  addChunks(
    segment: string,
    chunks: readonly EmbeddedChunk[],
    options?: { onProgress?: (added: number) => void },
  ): Promise<void>;
  /**
   * The ids of the `k` chunks nearest to `embedding`, best first, with their cosine similarity;
   * with `where`, only chunks whose metadata matches it (a filtered search is slower on Chroma: see
   * ARCHITECTURE). No text or metadata: a search reads those with {@link getChunks} for the few
   * chunks it keeps, which on Chroma costs a third of returning them with every candidate.
   */
  nearest(segment: string, embedding: readonly number[], k: number, where?: MetadataFilter): Promise<ScoredId[]>;
  /**
   * The chunks of a segment with these ids, without vectors, in no particular order; ids the
   * segment lacks are left out. Bounded by the search deadline, as it serves requests.
   */
  getChunks(segment: string, ids: readonly string[]): Promise<Chunk[]>;
  /**
   * As {@link getChunks}, with each chunk's vector: what a copy reads back to verify the pages it
   * has written. Not bounded by the search deadline (it is bulk work, like {@link readChunks}).
   */
  getEmbeddedChunks(segment: string, ids: readonly string[]): Promise<EmbeddedChunk[]>;
  countChunks(segment: string): Promise<number>;
  /** Every chunk of a segment with its vector, in pages, in no particular order. */
  readChunks(segment: string, options?: { pageSize?: number }): AsyncIterable<EmbeddedChunk[]>;
  /** Deletes a segment; no error if it does not exist. */
  deleteSegment(name: string): Promise<void>;
}
