import { formatVersion, type Chunk, type EmbeddedChunk } from '@ragship/core';
import { embedAll, type EmbeddingCache, type Embedder } from '@ragship/embeddings';
import type { Registry, VersionRecord } from '@ragship/registry';
import { chunkHash, combineDigests, segmentDigest, segmentsOfVersion, type VectorStore } from '@ragship/vector-store';

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
  readonly documents: ReadonlyMap<string, WrittenDocument>;
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
  const hashes = new Map<string, bigint[]>();
  const documents = new Map<string, WrittenDocument>();
  const totals = { embedded: 0, written: 0, cached: 0 };
  let writtenDigest: string[] = [];

  async function version(): Promise<VersionRecord> {
    record ??= await registry.createVersion(kb, options.parent, options.owner);
    return record;
  }

  async function flush(): Promise<void> {
    if (pending.length === 0) return;
    options.signal?.throwIfAborted();
    const batch = pending;
    pending = [];
    const { version: number } = await version();
    if (!segment) {
      segment = options.segmentName(number);
      await store.createSegment(segment, {
        dimensions: embedder.dimensions,
        metadata: { kb, version: formatVersion(number), embedder: embedder.id },
      });
    }
    const result = await embedAll(
      embedder,
      batch.map((item) => item.chunk.text),
      { cache: options.cache, concurrency: options.concurrency, signal: options.signal },
    );
    const embedded: EmbeddedChunk[] = batch.map((item, index) => ({
      ...item.chunk,
      embedding: result.vectors[index] ?? [],
    }));
    await store.addChunks(segment, embedded);
    const batchHashes = embedded.map(chunkHash);
    batch.forEach((item, index) => {
      const list = hashes.get(item.docId) ?? [];
      list.push(batchHashes[index] ?? 0n);
      hashes.set(item.docId, list);
    });
    writtenDigest = [combineDigests([...writtenDigest, ...batchHashes.map(toHex)])];
    totals.embedded += result.embedded;
    totals.cached += result.cached;
    totals.written += embedded.length;
    options.onWritten?.({ ...totals });
  }

  return {
    async add(docId, chunks) {
      documents.set(docId, { chunkIds: chunks.map((chunk) => chunk.id), digest: '' });
      for (const chunk of chunks) pending.push({ docId, chunk });
      if (pending.length >= options.batchSize) await flush();
    },
    flush,
    version,
    get segment() {
      return segment;
    },
    get documents() {
      for (const [docId, written] of documents) {
        written.digest = combineDigests((hashes.get(docId) ?? []).map(toHex));
      }
      return documents;
    },
    totals,
    async verify() {
      if (!segment) return;
      const stored = await segmentDigest(store, segment);
      const expected = combineDigests(writtenDigest);
      if (stored.chunks !== totals.written || stored.digest !== expected) {
        throw new Error(
          `Verification of ${segment} failed: the store holds ${stored.chunks} chunks (digest ${stored.digest.slice(0, 12)}…), this run wrote ${totals.written} (digest ${expected.slice(0, 12)}…).`,
        );
      }
    },
    async abandon() {
      if (!record) return;
      for (const name of segmentsOfVersion(kb, record.version)) await store.deleteSegment(name).catch(() => undefined);
      await registry.finishVersion(kb, record.version, 'failed', null).catch(() => undefined);
    },
  };
}

function toHex(value: bigint): string {
  return value.toString(16).padStart(64, '0');
}
