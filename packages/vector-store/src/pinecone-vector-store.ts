import type { Index, Pinecone } from '@pinecone-database/pinecone';
import { RagshipError, type Chunk, type EmbeddedChunk, type ScoredId } from '@ragship/core';
import { retryingFetch, type RetryOptions } from '@ragship/http-retry';
import pMap from 'p-map';
import {
  fromRecord,
  fromRecordWithValues,
  toPineconeFilter,
  toRecord,
  upsertBatches,
  type PineconeRecordShape,
} from './pinecone-records.js';
import { createPineconeIndexes } from './pinecone-indexes.js';
import { toStoreError } from './pinecone-errors.js';
import { pollUntil } from './poll-until.js';
import { withDeadline } from './store-deadline.js';
import type { VectorStore } from './vector-store.js';

/** Options of {@link createPineconeVectorStore}. */
export interface PineconeVectorStoreOptions {
  apiKey: string;
  /**
   * The index to use, or a template in which `{kb}` stands for the kb's name (`_` becomes `-`):
   * `ragship-{kb}-prod` gives each kb its own index. Created (serverless, cosine) when missing.
   */
  index: string;
  /** Cloud and region of indexes this store creates. Default `aws`, `us-east-1`. */
  cloud?: string;
  region?: string;
  /** Control-plane URL; default Pinecone's (`https://api.pinecone.io`). Set for Pinecone Local or a test double. */
  controllerUrl?: string;
  /** Records per upsert request, at most 1000. Default 200 (384-d vectors with text fill ~2 MB at ~200). */
  batchSize?: number;
  /** Upsert requests in flight at once. Default 4. */
  concurrency?: number;
  /** Longest a search, fetch or ping may take before it fails as unavailable. Default 5000 ms. */
  requestTimeoutMs?: number;
  /**
   * Longest to wait for writes to become visible (Pinecone is eventually consistent) before a count,
   * a read-back or a deletion gives up with an error. Default 120 s.
   */
  consistencyTimeoutMs?: number;
  /** Pause between checks while waiting for visibility. Default 500 ms. */
  pollIntervalMs?: number;
  /**
   * Retries of 429, 5xx and failed connections. Default 6 tries, from 250 ms doubling up to 10 s,
   * or what `Retry-After` asks up to 60 s.
   */
  retry?: RetryOptions;
}

/** Pinecone's hard limits per upsert request. */
const MAX_RECORDS_PER_UPSERT = 1000;
const MAX_UPSERT_BYTES = 2 * 1024 * 1024 - 64 * 1024;
/** Ids per fetch request: they travel in the URL. */
const FETCH_IDS = 100;
/** Ids per list page: Pinecone's maximum. */
const LIST_LIMIT = 100;

/**
 * A {@link VectorStore} on Pinecone serverless: segments are namespaces of an index (one index for
 * all kbs, or one per kb with `{kb}` in the index name), created explicitly so an empty segment
 * exists. Chunk text travels in the record's metadata. Pinecone is eventually consistent: after this
 * store writes a segment, its reads (search, fetch, count, read-back) first wait until every record
 * written is visible, and a deletion waits until the namespace is gone, so promotion verifies what
 * the index will serve.
 */
export function createPineconeVectorStore(options: PineconeVectorStoreOptions): VectorStore {
  const retry: RetryOptions = { maxAttempts: 6, baseDelayMs: 250, maxDelayMs: 10_000, ...options.retry };
  // The Pinecone client takes ~4.5 MB of heap once loaded: it loads on first use, so importing this
  // package costs a process on another store nothing.
  let loading: Promise<Pinecone> | undefined;
  const client = (): Promise<Pinecone> =>
    (loading ??= import('@pinecone-database/pinecone').then(
      ({ Pinecone }) =>
        new Pinecone({
          apiKey: options.apiKey,
          ...(options.controllerUrl ? { controllerHostUrl: options.controllerUrl } : {}),
          maxRetries: 0,
          fetchApi: retryingFetch(retry),
          sourceTag: 'ragship',
        }),
    ));
  const batchSize = Math.min(options.batchSize ?? 200, MAX_RECORDS_PER_UPSERT);
  const concurrency = options.concurrency ?? 4;
  const requestTimeoutMs = options.requestTimeoutMs ?? 5000;
  const consistencyTimeoutMs = options.consistencyTimeoutMs ?? 120_000;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const location = `${new URL(options.controllerUrl ?? 'https://api.pinecone.io').origin} (index ${options.index})`;
  const wait = { timeoutMs: consistencyTimeoutMs, intervalMs: pollIntervalMs };
  const { indexNameOf, namespaceOf } = createPineconeIndexes({
    client,
    template: options.index,
    cloud: options.cloud ?? 'aws',
    region: options.region ?? 'us-east-1',
    requestTimeoutMs,
    wait,
    guard,
    location,
  });
  /** Ids this store wrote per segment, not yet seen counted: what a count or read-back waits for. */
  const unsettled = new Map<string, Set<string>>();

  async function recordCount(namespace: Index, segment: string): Promise<number> {
    const stats = await guard(`count ${segment}`, () => namespace.describeIndexStats());
    return stats.namespaces?.[segment]?.recordCount ?? 0;
  }

  /** Waits until every record this store wrote to `segment` is counted; returns the count. */
  async function settle(namespace: Index, segment: string): Promise<number> {
    const written = unsettled.get(segment);
    let count = 0;
    const settled = await pollUntil(
      async () => {
        count = await recordCount(namespace, segment);
        return !written || count >= written.size ? count : undefined;
      },
      {
        ...wait,
        timedOut: () =>
          new RagshipError(
            'STORE_ERROR',
            `Pinecone shows ${count} of the ${written?.size ?? 0} records written to ${segment} ` +
              `after ${consistencyTimeoutMs / 1000} s; try again later.`,
          ),
      },
    );
    unsettled.delete(segment);
    return settled;
  }

  async function existing(segment: string): Promise<Index> {
    const namespace = await namespaceOf(segment);
    if (!namespace)
      throw new RagshipError('STORE_ERROR', `Pinecone has no index for segment ${segment} (${indexNameOf(segment)}).`);
    return namespace;
  }

  async function fetchRecords(
    namespace: Index,
    segment: string,
    ids: readonly string[],
    /** Null for bulk reads, which the search deadline does not bound. */
    deadlineMs: number | null = requestTimeoutMs,
  ): Promise<PineconeRecordShape[]> {
    const batches: string[][] = [];
    for (let start = 0; start < ids.length; start += FETCH_IDS) batches.push(ids.slice(start, start + FETCH_IDS));
    const pages = await pMap(
      batches,
      (batch) =>
        guard(`fetch chunks of ${segment}`, () => {
          const fetching = namespace.fetch({ ids: batch });
          return deadlineMs === null ? fetching : withDeadline(fetching, deadlineMs);
        }),
      { concurrency },
    );
    return pages.flatMap((page) => Object.values(page.records ?? {}) as PineconeRecordShape[]);
  }

  /** The records with these ids, once this store's own writes to the segment show (read-your-writes). */
  async function settledRecords(
    segment: string,
    ids: readonly string[],
    deadlineMs: number | null,
  ): Promise<PineconeRecordShape[]> {
    if (ids.length === 0) return [];
    const namespace = await existing(segment);
    if (unsettled.has(segment)) await settle(namespace, segment);
    return fetchRecords(namespace, segment, ids, deadlineMs);
  }

  function guard<T>(action: string, call: () => Promise<T>): Promise<T> {
    return call().catch((error: unknown) => {
      throw toStoreError(location, action, error);
    });
  }

  return {
    kind: 'pinecone',
    location,

    async ping() {
      await guard('reach Pinecone', async () => withDeadline((await client()).indexes.list(), requestTimeoutMs));
    },

    async createSegment(name, segmentOptions) {
      const namespace = (await namespaceOf(name, { dimensions: segmentOptions.dimensions }))!;
      try {
        await namespace.createNamespace({ name });
      } catch (error) {
        if (error instanceof Error && error.name === 'PineconeConflictError') return;
        throw toStoreError(location, `create segment ${name}`, error);
      }
    },

    async hasSegment(name) {
      const namespace = await namespaceOf(name);
      if (!namespace) return false;
      try {
        await namespace.describeNamespace(name);
        return true;
      } catch (error) {
        if (error instanceof Error && error.name === 'PineconeNotFoundError') return false;
        throw toStoreError(location, `look up segment ${name}`, error);
      }
    },

    async addChunks(segment, chunks, addOptions) {
      const namespace = await existing(segment);
      const batches = upsertBatches(chunks.map(toRecord), batchSize, MAX_UPSERT_BYTES);
      const written = unsettled.get(segment) ?? new Set<string>();
      unsettled.set(segment, written);
      let added = 0;
      await pMap(
        batches,
        async (batch) => {
          await guard(`add chunks to ${segment}`, () =>
            namespace.upsert({ records: batch.map(({ bytes: _bytes, ...record }) => record) }),
          );
          for (const record of batch) written.add(record.id);
          added += batch.length;
          addOptions?.onProgress?.(added);
        },
        { concurrency },
      );
    },

    async nearest(segment, embedding, k, where) {
      const namespace = await existing(segment);
      // Read-your-writes within this store; other processes read after promotion has waited.
      if (unsettled.has(segment)) await settle(namespace, segment);
      const filter = toPineconeFilter(where);
      const result = await guard(`query ${segment}`, () =>
        withDeadline(
          namespace.query({ vector: [...embedding], topK: k, ...(filter ? { filter } : {}) }),
          requestTimeoutMs,
        ),
      );
      return result.matches.map((match): ScoredId => ({ id: match.id, score: match.score ?? 0 }));
    },

    async getChunks(segment, ids): Promise<Chunk[]> {
      return (await settledRecords(segment, ids, requestTimeoutMs)).map(fromRecord);
    },

    async getEmbeddedChunks(segment, ids) {
      return (await settledRecords(segment, ids, null)).map(fromRecordWithValues);
    },

    async countChunks(segment) {
      return settle(await existing(segment), segment);
    },

    async *readChunks(segment, readOptions) {
      const namespace = await existing(segment);
      await settle(namespace, segment);
      const pageSize = readOptions?.pageSize ?? 1000;
      let token: string | undefined;
      let ids: string[] = [];
      do {
        const listed = await guard(`list ${segment}`, () =>
          namespace.listPaginated({ limit: LIST_LIMIT, ...(token ? { paginationToken: token } : {}) }),
        );
        ids.push(...(listed.vectors ?? []).flatMap((item) => (item.id ? [item.id] : [])));
        token = listed.pagination?.next;
        while (ids.length >= pageSize || (!token && ids.length > 0)) {
          const page = ids.slice(0, pageSize);
          ids = ids.slice(pageSize);
          const records = await fetchRecords(namespace, segment, page);
          yield records.map(fromRecordWithValues) satisfies EmbeddedChunk[];
        }
      } while (token);
    },

    async deleteSegment(name) {
      unsettled.delete(name);
      const namespace = await namespaceOf(name);
      if (!namespace) return;
      try {
        await namespace.deleteNamespace(name);
      } catch (error) {
        if (error instanceof Error && error.name === 'PineconeNotFoundError') return;
        throw toStoreError(location, `delete segment ${name}`, error);
      }
      await pollUntil(async () => ((await this.hasSegment(name)) ? undefined : true), {
        ...wait,
        timedOut: () =>
          new RagshipError(
            'STORE_ERROR',
            `Pinecone still lists ${name} ${consistencyTimeoutMs / 1000} s after deleting it.`,
          ),
      });
    },
  };
}
