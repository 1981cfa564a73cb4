import { RagshipError, formatVersion, type Chunk, type EmbeddedChunk } from '@ragship/core';
import { embedAll, type EmbeddingCache, type Embedder } from '@ragship/embeddings';
import type { Registry, VersionRecord } from '@ragship/registry';
import {
  ReadBack,
  addHashToDigest,
  chunkHash,
  digestHex,
  segmentsOfVersion,
  type VectorStore,
} from '@ragship/vector-store';

/** What one document's chunks came to once written. */
export interface WrittenDocument {
  chunkIds: string[];
  /** Sum of the chunk hashes, as in `Manifest.digest`. */
  digest: string;
}

/** What a writer has done so far. */
export interface WriteTotals {
  /** Texts sent to the embedder. */
  embedded: number;
  /** Chunks written to the store. */
  written: number;
  /** Written chunks whose vectors came from the embedding cache. */
  cached: number;
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
  onWritten?: (totals: WriteTotals) => void;
}

/**
 * Writes the new chunks of one run: allocates the version (status `building`, so nothing can
 * promote it) and its segment on the first chunk, embeds in batches through the cache, adds each
 * batch to the store, and keeps per-document chunk ids and digests for the manifest. Memory holds
 * a few batches (see the pipeline below), not the corpus.
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
  /**
   * Chunk ids and digest of a document written, once everything is flushed; handed over, not
   * kept, so a large run holds each document's ids once while its manifest is built.
   */
  takeWritten(docId: string): WrittenDocument;
  readonly totals: WriteTotals;
  /**
   * Checks the store holds exactly what was written: every batch as read back by id (each read
   * while the next batch is written) sums to the digest sent, and the segment holds no other chunk.
   */
  verify(): Promise<void>;
  /** After a failure: deletes what this run wrote and marks its version failed. */
  abandon(): Promise<void>;
}

export function createVersionWriter(options: VersionWriterOptions): VersionWriter {
  const { kb, registry, store, embedder } = options;
  let record: VersionRecord | undefined;
  let allocating: Promise<VersionRecord> | undefined;
  let segment: string | null = null;
  let creating: Promise<string> | undefined;
  let pending: { docId: string; chunk: Chunk }[] = [];
  // Batches move as a pipeline: one is chunked (by the caller) while the one before is embedded
  // and the two before that are being added to the store, so this process's chunking and
  // embedding overlap the store's inserts instead of taking turns with them, and the store always
  // has the next insert queued while it answers one. No more than that: a batch starts embedding
  // only once the one three before it is stored, so when embedding outruns the store (cache hits,
  // a fast embedder) memory holds four batches, not a queue that grows with the corpus.
  let embedding: Promise<unknown> = Promise.resolve();
  /** The store writes of the latest batches, oldest first; each waits for the one STORE_WRITES back. */
  const writes: Promise<void>[] = [];
  const chunkIds = new Map<string, string[]>();
  const sums = new Map<string, bigint>();
  const totals: WriteTotals = { embedded: 0, written: 0, cached: 0 };
  let writtenSum = 0n;
  // What the store holds of each written batch, read back by id beside the next batch's write.
  let readBack: ReadBack | undefined;

  function version(): Promise<VersionRecord> {
    allocating ??= registry.createVersion(kb, options.parent, options.owner).then((created) => (record = created));
    return allocating;
  }

  /** The segment, created with the version on the first write. */
  function createdSegment(): Promise<string> {
    creating ??= version().then(async ({ version: number }) => {
      const name = options.segmentName(number);
      await store.createSegment(name, {
        dimensions: embedder.dimensions,
        metadata: { kb, version: formatVersion(number), embedder: embedder.id },
      });
      segment = name;
      readBack = new ReadBack(store, name);
      return name;
    });
    return creating;
  }

  /** The write of the batch `back` batches before the next one, or nothing to wait for. */
  function writeBack(back: number): Promise<void> {
    return writes[writes.length - back] ?? Promise.resolve();
  }

  /**
   * Starts embedding what is pending once the previous batch is embedded and the one
   * STORE_WRITES + 1 back is stored, and adding it once the one STORE_WRITES back is stored; does
   * not wait for either.
   */
  async function startFlush(): Promise<void> {
    await embedding;
    await writeBack(STORE_WRITES + 1);
    if (pending.length === 0) return;
    options.signal?.throwIfAborted();
    const batch = pending;
    pending = [];
    const embedded = embedBatch(batch);
    const turn = writeBack(STORE_WRITES);
    embedding = embedded;
    const write = embedded.then(async (chunks) => {
      await turn;
      await addBatch(batch, chunks);
    });
    writes.push(write);
    // The oldest is settled: this flush awaited it (writeBack(STORE_WRITES + 1)) before starting.
    if (writes.length > STORE_WRITES + 1) void writes.shift();
    // Marks the rejections handled now; they still surface at the next `await`.
    embedded.catch(() => undefined);
    write.catch(() => undefined);
  }

  async function flush(): Promise<void> {
    await startFlush();
    await embedding;
    await Promise.all(writes);
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
    const name = await createdSegment();
    await store.addChunks(name, embedded);
    readBack?.queue(embedded.map((chunk) => chunk.id));
    embedded.forEach((chunk, index) => {
      const hash = chunkHash(chunk);
      const docId = batch[index]?.docId ?? '';
      sums.set(docId, addHashToDigest(sums.get(docId) ?? 0n, hash));
      writtenSum = addHashToDigest(writtenSum, hash);
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
    takeWritten(docId) {
      const written = { chunkIds: chunkIds.get(docId) ?? [], digest: digestHex(sums.get(docId) ?? 0n) };
      chunkIds.delete(docId);
      sums.delete(docId);
      return written;
    },
    totals,
    async verify() {
      if (!segment || !readBack) return;
      const { digest, chunks: readBackChunks } = (await readBack.result()).all;
      const held = await store.countChunks(segment);
      const expected = digestHex(writtenSum);
      if (held !== totals.written || readBackChunks !== totals.written || digest !== expected) {
        throw new RagshipError(
          'VERIFY_FAILED',
          `Verification of ${segment} failed: the store holds ${held} chunks, ` +
            `${readBackChunks} of the ${totals.written} this run wrote read back ` +
            `(digest ${digest.slice(0, 12)}…, written ${expected.slice(0, 12)}…).`,
        );
      }
    },
    async abandon() {
      await Promise.allSettled([embedding, allocating, creating, readBack?.settled(), ...writes]);
      if (!record) return;
      for (const name of segmentsOfVersion(kb, record.version)) await store.deleteSegment(name).catch(() => undefined);
      await registry.finishVersion(kb, record.version, 'failed', null).catch(() => undefined);
    },
  };
}

/** Store writes in flight at once: one answered while the next is queued. */
const STORE_WRITES = 2;
