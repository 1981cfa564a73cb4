import { StoreUnavailableError, matchesFilter, type EmbeddedChunk, type ScoredId } from '@ragship/core';
import type { VectorStore } from '../vector-store.js';

/** An in-memory {@link VectorStore} for tests: exact cosine search, float32 like real stores. */
export interface InMemoryVectorStore extends VectorStore {
  /** While true, every call throws `StoreUnavailableError`, as when a server goes away. */
  unavailable: boolean;
  readonly segments: Map<string, Map<string, EmbeddedChunk>>;
}

export function createInMemoryVectorStore(): InMemoryVectorStore {
  const segments = new Map<string, Map<string, EmbeddedChunk>>();
  const store: InMemoryVectorStore = {
    kind: 'memory',
    location: 'memory://',
    unavailable: false,
    segments,
    ping: () => check(),
    async createSegment(name) {
      await check();
      if (!segments.has(name)) segments.set(name, new Map());
    },
    async hasSegment(name) {
      await check();
      return segments.has(name);
    },
    async addChunks(segment, chunks, options) {
      const target = await existing(segment);
      for (const chunk of chunks) {
        // Like Chroma: an id already present keeps what it holds.
        if (target.has(chunk.id)) continue;
        target.set(chunk.id, { ...chunk, embedding: Array.from(Float32Array.from(chunk.embedding)) });
      }
      options?.onProgress?.(chunks.length);
    },
    async nearest(segment, embedding, k, where) {
      const target = await existing(segment);
      const candidates = [...target.values()].filter((chunk) => !where || matchesFilter(chunk.metadata, where));
      const scored = candidates.map((chunk): ScoredId => ({ id: chunk.id, score: cosine(embedding, chunk.embedding) }));
      return scored.sort((a, b) => b.score - a.score).slice(0, k);
    },
    async getChunks(segment, ids) {
      return (await this.getEmbeddedChunks(segment, ids)).map(({ id, text, metadata }) => ({ id, text, metadata }));
    },
    async getEmbeddedChunks(segment, ids) {
      const target = await existing(segment);
      return ids.flatMap((id) => {
        const found = target.get(id);
        return found ? [{ ...found, embedding: [...found.embedding] }] : [];
      });
    },
    async countChunks(segment) {
      return (await existing(segment)).size;
    },
    async *readChunks(segment, options) {
      const all = [...(await existing(segment)).values()];
      const pageSize = options?.pageSize ?? 1000;
      for (let start = 0; start < all.length; start += pageSize) yield all.slice(start, start + pageSize);
    },
    async deleteSegment(name) {
      await check();
      segments.delete(name);
    },
  };

  function check(): Promise<void> {
    return store.unavailable
      ? Promise.reject(new StoreUnavailableError('The in-memory store is marked unavailable.'))
      : Promise.resolve();
  }

  async function existing(name: string): Promise<Map<string, EmbeddedChunk>> {
    await check();
    const segment = segments.get(name);
    if (!segment) throw new Error(`No segment ${name}`);
    return segment;
  }

  return store;
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index++) {
    const x = a[index] ?? 0;
    const y = b[index] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
