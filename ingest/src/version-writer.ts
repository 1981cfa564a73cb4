import { RagshipError, formatVersion, type Chunk, type EmbeddedChunk } from '@ragship/core';
import { embedAll, type EmbeddingCache, type Embedder } from '@ragship/embeddings';
import type { Registry, VersionRecord } from '@ragship/registry';
import { chunkHash, segmentDigest, segmentsOfVersion, type VectorStore } from '@ragship/vector-store';

/** What one document's chunks came to once written. */
export interface WrittenDocument {
  chunkIds: string[];
  /** Sum of the chunk hashes, as in `Manifest.digest`. */
  digest: string;
}

/** Options of {@link createVersionWriter}. */
export interface VersionWriterOptions {
  kb: string;
  registry: Registry;
  store: VectorStore;
  embedder: Embedder;
  cache: EmbeddingCache | undefined;
  /** Parent version number, recorded on the new version. */
  parent: number | null;
  /** `<host>:<pid>` of this run. */
  owner: string;
  /** Chunks embedded and written per batch. */
  batchSize: number;
  /** Embedding requests in flight. */
  concurrency: number;
  /** Picks the segment name once the version number is known (base or delta). */
  segmentName: (version: number) => string;
  signal?: AbortSignal | undefined;
  onWritten?: (totals: { embedded: number; written: number; cached: number }) => void;
}

/**
 * Writes the new chunks of one run: allocates the version (status `building`, so nothing can
 * promote it) and its segment on the first chunk, embeds in batches through the cache, adds each
 * batch to the store, and keeps per-document chunk ids and digests for the manifest. Memory holds
 * one batch, not the corpus.
 */
export interface VersionWriter {
  /** Queues a document's chunks; flushes full batches. */
  add(docId: string, chunks: readonly Chunk[]): Promise<void>;
  /** Writes what is queued. */
  flush(): Promise<void>;
  /** The version, allocating it if no chunk needed writing (a removal-only run). */
  version(): Promise<VersionRecord>;
  /** The segment written, or null when nothing was. */
  readonly segment: string | null;
  /** Chunk ids and digest of every document written, once everything is flushed. */
  writtenDocuments(): Map<string, WrittenDocument>;
  readonly totals: { embedded: number; written: number; cached: number };
  /** Checks the store holds exactly what was written: chunk count and digest. */
  verify(): Promise<void>;
  /** After a failure: deletes what this run wrote and marks its version failed. */
  abandon(): Promise<void>;
}

export function createVersionWriter(options: VersionWriterOptions): VersionWriter {
  const { kb, registry, store, embedder } = options;
  let record: VersionRecord | undefined;
  let segment: string | null = null;
  let pending: { docId: string; chunk: Chunk }[] = [];
  // Three batches move at once: one is chunked (by the caller), the one before is embedded, and
  // the one before that is added to the store, so this process's chunking and embedding overlap
  // the store's inserts instead of taking turns with them. No more than that: a batch starts
  // embedding only once the one two before it is stored, so when embedding outruns the store (cache
  // hits, a fast embedder) memory still holds three batches, not a queue that grows with the corpus.
  let embedding: Promise<unknown> = Promise.resolve();
  let inFlight: Promise<void> = Promise.resolve();
  let inFlightBefore: Promise<void> = Promise.resolve();
  const chunkIds = new Map<string, string[]>();
  const sums = new Map<string, bigint>();
  const totals = { embedded: 0, written: 0, cached: 0 };
  let writtenSum = 0n;

  async function version(): Promise<VersionRecord> {
    record ??= await registry.createVersion(kb, options.parent, options.owner);
    return record;
  }

  /**
   * Starts embedding what is pending once the previous batch is embedded and the one before it is
   * stored, and adding it once the previous batch is added; does not wait for either.
   */
  async function startFlush(): Promise<void> {
    await embedding;
    await inFlightBefore;
    if (pending.length === 0) return;
    options.signal?.throwIfAborted();
    const batch = pending;
    pending = [];
    const embedded = embedBatch(batch);
    const previous = inFlight;
    inFlightBefore = previous;
    embedding = embedded;
    inFlight = embedded.then(async (chunks) => {
      await previous;
      await addBatch(batch, chunks);
    });
    // Marks the rejections handled now; they still surface at the next `await`.
    embedded.catch(() => undefined);
    inFlight.catch(() => undefined);
  }

  async function flush(): Promise<void> {
    await startFlush();
    await embedding;
    await inFlight;
  }

  async function embedBatch(batch: { docId: string; chunk: Chunk }[]): Promise<EmbeddedChunk[]> {
    const result = await embedAll(
      embedder,
      batch.map((item) => item.chunk.text),
      { cache: options.cache, concurrency: options.concurrency, signal: options.signal },
    );
    totals.embedded += result.embedded;
    totals.cached += result.cached;
    return batch.map((item, index) => ({ ...item.chunk, embedding: result.vectors[index] ?? [] }));
  }

  async function addBatch(batch: { docId: string; chunk: Chunk }[], embedded: EmbeddedChunk[]): Promise<void> {
    const { version: number } = await version();
    if (!segment) {
      segment = options.segmentName(number);
      await store.createSegment(segment, {
        dimensions: embedder.dimensions,
        metadata: { kb, version: formatVersion(number), embedder: embedder.id },
      });
    }
    await store.addChunks(segment, embedded);
    embedded.forEach((chunk, index) => {
      const hash = chunkHash(chunk);
      const docId = batch[index]?.docId ?? '';
      sums.set(docId, ((sums.get(docId) ?? 0n) + hash) % DIGEST_MODULUS);
      writtenSum = (writtenSum + hash) % DIGEST_MODULUS;
    });
    totals.written += embedded.length;
    options.onWritten?.({ ...totals });
  }

  return {
    async add(docId, chunks) {
      chunkIds.set(
        docId,
        chunks.map((chunk) => chunk.id),
      );
      for (const chunk of chunks) pending.push({ docId, chunk });
      if (pending.length >= options.batchSize) await startFlush();
    },
    flush,
    version,
    get segment() {
      return segment;
    },
    writtenDocuments() {
      const documents = new Map<string, WrittenDocument>();
      for (const [docId, ids] of chunkIds)
        documents.set(docId, { chunkIds: ids, digest: toHex(sums.get(docId) ?? 0n) });
      return documents;
    },
    totals,
    async verify() {
      if (!segment) return;
      const stored = await segmentDigest(store, segment);
      const expected = toHex(writtenSum);
      if (stored.chunks !== totals.written || stored.digest !== expected) {
        throw new RagshipError(
          'VERIFY_FAILED',
          `Verification of ${segment} failed: the store holds ${stored.chunks} chunks (digest ${stored.digest.slice(0, 12)}…), this run wrote ${totals.written} (digest ${expected.slice(0, 12)}…).`,
        );
      }
    },
    async abandon() {
      await Promise.allSettled([embedding, inFlight]);
      if (!record) return;
      for (const name of segmentsOfVersion(kb, record.version)) await store.deleteSegment(name).catch(() => undefined);
      await registry.finishVersion(kb, record.version, 'failed', null).catch(() => undefined);
    },
  };
}

const DIGEST_MODULUS = 1n << 256n;

function toHex(value: bigint): string {
  return value.toString(16).padStart(64, '0');
}
