import { ChromaClient, type Collection, type Metadata, type Where } from 'chromadb';
import {
  RagshipError,
  StoreUnavailableError,
  errorMessage,
  type Chunk,
  type ChunkMetadata,
  type EmbeddedChunk,
  type MetadataFilter,
  type ScoredId,
} from '@ragship/core';
import { withDeadline } from './store-deadline.js';
import { metadataWithText, splitStoredText } from './text-field.js';
import type { CreateSegmentOptions, VectorStore } from './vector-store.js';

/** Options of {@link createChromaVectorStore}. */
export interface ChromaVectorStoreOptions {
  /** Chroma server URL, e.g. `http://127.0.0.1:8000`. */
  url: string;
  /** An injected client (tests); by default one is made from `url`. */
  client?: ChromaClient;
  /** Largest `add` call; Chroma 1.0 inserts at the same rate from 100 up. Default 500. */
  batchSize?: number;
  /**
   * Longest a search or heartbeat may take before it fails as unavailable, so a hung server
   * costs a request this long, not forever. Default 2000 ms. Writes and reads for copies are
   * not bounded by it.
   */
  requestTimeoutMs?: number;
  /**
   * Also write each chunk's text as its Chroma document. Off by default: Chroma keeps a trigram
   * full-text index of documents, which ragship's search never uses (it has its own BM25 index),
   * and which measured here as over a third of an insert's time; the text goes into the
   * metadata field `text` instead, as on Pinecone. Turn it on for tools that read Chroma's
   * documents directly. Either way, both layouts read back the same.
   */
  documents?: boolean;
}

/**
 * A {@link VectorStore} on a Chroma server: one collection per segment, inner-product space over
 * the unit vectors the pipeline writes, so scores are cosine similarities.
 */
export function createChromaVectorStore(options: ChromaVectorStoreOptions): VectorStore {
  const url = new URL(options.url);
  const client =
    options.client ??
    new ChromaClient({
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
      ssl: url.protocol === 'https:',
    });
  const batchSize = options.batchSize ?? 500;
  const requestTimeoutMs = options.requestTimeoutMs ?? 2000;
  const writeDocuments = options.documents ?? false;
  const location = url.origin;
  const collections = new Map<string, Collection>();

  async function collection(name: string): Promise<Collection> {
    const cached = collections.get(name);
    if (cached) return cached;
    const found = await guard(location, `open segment ${name}`, () => client.getCollection({ name }));
    collections.set(name, found);
    return found;
  }

  return {
    kind: 'chroma',
    location,

    async ping() {
      await guard(location, 'reach Chroma', () => withDeadline(client.heartbeat(), requestTimeoutMs));
    },

    async createSegment(name: string, segmentOptions: CreateSegmentOptions) {
      const created = await guard(location, `create segment ${name}`, () =>
        client.getOrCreateCollection({
          name,
          embeddingFunction: null,
          // Inner product on unit vectors is cosine similarity. Chroma 1.0's cosine space hands
          // back vectors that differ from the stored ones in the last bit; ip returns them exactly.
          // ef 200 (default 100): with lexical vectors HNSW at 100 missed true top-10 neighbours,
          // so a delta chain and a fresh build of the same chunks ranked differently.
          configuration: { hnsw: { space: 'ip', ef_construction: 200, ef_search: 200 } },
          metadata: { dimensions: segmentOptions.dimensions, ...segmentOptions.metadata },
        }),
      );
      collections.set(name, created);
    },

    async hasSegment(name: string) {
      try {
        await client.getCollection({ name });
        return true;
      } catch (error) {
        if (error instanceof Error && error.name === 'ChromaNotFoundError') return false;
        throw toStoreError(location, `look up segment ${name}`, error);
      }
    },

    async addChunks(segment, chunks, addOptions) {
      const target = await collection(segment);
      for (let start = 0; start < chunks.length; start += batchSize) {
        const batch = chunks.slice(start, start + batchSize);
        await guard(location, `add chunks to ${segment}`, () =>
          target.add({
            ids: batch.map((chunk) => chunk.id),
            embeddings: batch.map((chunk) => chunk.embedding),
            metadatas: batch.map((chunk): Metadata =>
              writeDocuments ? { ...chunk.metadata } : metadataWithText(chunk),
            ),
            ...(writeDocuments && { documents: batch.map((chunk) => chunk.text) }),
          }),
        );
        addOptions?.onProgress?.(start + batch.length);
      }
    },

    async nearest(segment, embedding, k, where) {
      const target = await collection(segment);
      const result = await guard(location, `query ${segment}`, () =>
        withDeadline(
          target.query({
            queryEmbeddings: [[...embedding]],
            nResults: k,
            ...(where && Object.keys(where).length > 0 ? { where: toChromaWhere(where) } : {}),
            include: ['distances'],
          }),
          requestTimeoutMs,
        ),
      );
      const ids = result.ids[0] ?? [];
      return ids.map((id, index): ScoredId => ({ id, score: 1 - (result.distances[0]?.[index] ?? 1) }));
    },

    async getChunks(segment, ids) {
      if (ids.length === 0) return [];
      const target = await collection(segment);
      const found = await guard(location, `get chunks of ${segment}`, () =>
        withDeadline(target.get({ ids: [...ids], include: ['documents', 'metadatas'] }), requestTimeoutMs),
      );
      return found.ids.map((id, index): Chunk => storedChunk(id, found.metadatas[index], found.documents[index]));
    },

    async getEmbeddedChunks(segment, ids) {
      if (ids.length === 0) return [];
      const target = await collection(segment);
      const found = await guard(location, `read chunks of ${segment}`, () =>
        target.get({ ids: [...ids], include: ['documents', 'metadatas', 'embeddings'] }),
      );
      return embeddedChunks(found);
    },

    async countChunks(segment) {
      const target = await collection(segment);
      return guard(location, `count ${segment}`, () => target.count());
    },

    async *readChunks(segment, readOptions) {
      const target = await collection(segment);
      const pageSize = readOptions?.pageSize ?? 1000;
      for (let offset = 0; ; offset += pageSize) {
        const page = await guard(location, `read ${segment}`, () =>
          target.get({ limit: pageSize, offset, include: ['documents', 'metadatas', 'embeddings'] }),
        );
        if (page.ids.length === 0) return;
        yield embeddedChunks(page);
        if (page.ids.length < pageSize) return;
      }
    },

    async deleteSegment(name) {
      collections.delete(name);
      if (!(await this.hasSegment(name))) return;
      await guard(location, `delete segment ${name}`, () => client.deleteCollection({ name }));
    },
  };
}

/**
 * A chunk from a Chroma record: its text from the metadata field `text` when it has one, else
 * from its document (segments written with `documents`, and by ragship versions that wrote text there).
 */
function storedChunk(id: string, metadata: unknown, document: string | null | undefined): Chunk {
  const split = splitStoredText(metadata as Record<string, unknown> | null, document);
  return { id, text: split.text, metadata: split.metadata as unknown as ChunkMetadata };
}

/** Chunks as a Chroma `get` with documents, metadatas and embeddings returns them. */
function embeddedChunks(page: {
  ids: string[];
  documents: (string | null)[];
  metadatas: unknown[];
  embeddings: number[][];
}): EmbeddedChunk[] {
  return page.ids.map((id, index) => ({
    ...storedChunk(id, page.metadatas[index], page.documents[index]),
    // Chroma writes float32 values in their shortest form (0.071344); widening gives the exact
    // float32 values, as every adapter returns them.
    embedding: Array.from(Float32Array.from(page.embeddings[index] ?? [])),
  }));
}

/** A metadata filter as a Chroma `where`: `$in` for a list of values, `$and` over several keys. */
function toChromaWhere(filter: MetadataFilter): Where {
  const clauses = Object.entries(filter).map(([key, value]): Where =>
    Array.isArray(value) ? { [key]: { $in: value } } : { [key]: value },
  );
  return clauses.length === 1 ? (clauses[0] as Where) : { $and: clauses };
}

/** Runs a Chroma call, turning "cannot connect" into {@link StoreUnavailableError}. */
async function guard<T>(location: string, action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toStoreError(location, action, error);
  }
}

function toStoreError(location: string, action: string, error: unknown): RagshipError {
  if (isConnectionFailure(error)) {
    return new StoreUnavailableError(`Chroma at ${location} is unreachable (could not ${action}).`, { cause: error });
  }
  return new RagshipError('STORE_ERROR', `Chroma at ${location} failed to ${action}: ${errorMessage(error)}`, {
    cause: error,
  });
}

function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ChromaConnectionError') return true;
  const cause =
    error.cause instanceof Error ? `${error.cause.message} ${String((error.cause as { code?: unknown }).code)}` : '';
  const text = `${error.message} ${cause}`;
  return /ECONNREFUSED|ECONNRESET|fetch failed|Failed to connect|socket hang up|ETIMEDOUT/i.test(text);
}
