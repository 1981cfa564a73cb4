import { Pinecone, type Index } from '@pinecone-database/pinecone';
import {
  ConfigError,
  RagshipError,
  StoreUnavailableError,
  errorMessage,
  mapConcurrent,
  type Chunk,
  type EmbeddedChunk,
  type ScoredChunk,
} from '@ragship/core';
import {
  fromRecord,
  fromRecordWithValues,
  toPineconeFilter,
  toRecord,
  upsertBatches,
  type PineconeRecordShape,
} from './pinecone-records.js';
import { retryingFetch, sleep, type RetryPolicy } from './pinecone-transport.js';
import { kbOfSegment } from './segment-name.js';
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
  /** Retries of 429, 5xx and failed connections. Default 6 tries, from 250 ms. */
  retry?: Partial<RetryPolicy>;
}

/** Pinecone's hard limits per upsert request. */
const MAX_RECORDS_PER_UPSERT = 1000;
const MAX_UPSERT_BYTES = 2 * 1024 * 1024 - 64 * 1024;
/** Ids per fetch request: they travel in the URL. */
const FETCH_IDS = 100;
/** Ids per list page: Pinecone's maximum. */
const LIST_LIMIT = 100;
const INDEX_NAME = /^[a-z0-9](?:[a-z0-9-]{0,43}[a-z0-9])?$/;

/**
 * A {@link VectorStore} on Pinecone serverless: segments are namespaces of an index (one index for
 * all kbs, or one per kb with `{kb}` in the index name), created explicitly so an empty segment
 * exists. Chunk text travels in the record's metadata. Pinecone is eventually consistent: after this
 * store writes a segment, its reads (search, fetch, count, read-back) first wait until every record
 * written is visible, and a deletion waits until the namespace is gone, so promotion verifies what
 * the index will serve.
 */
export function createPineconeVectorStore(options: PineconeVectorStoreOptions): VectorStore {
  const retry: RetryPolicy = { attempts: 6, baseDelayMs: 250, ...options.retry };
  const client = new Pinecone({
    apiKey: options.apiKey,
    ...(options.controllerUrl ? { controllerHostUrl: options.controllerUrl } : {}),
    maxRetries: 0,
    fetchApi: retryingFetch(retry),
    sourceTag: 'ragship',
  });
  const batchSize = Math.min(options.batchSize ?? 200, MAX_RECORDS_PER_UPSERT);
  const concurrency = options.concurrency ?? 4;
  const requestTimeoutMs = options.requestTimeoutMs ?? 5000;
  const consistencyTimeoutMs = options.consistencyTimeoutMs ?? 120_000;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const location = `${new URL(options.controllerUrl ?? 'https://api.pinecone.io').origin} (index ${options.index})`;
  const hosts = new Map<string, string>();
  /** Ids this store wrote per segment, not yet seen counted: what a count or read-back waits for. */
  const unsettled = new Map<string, Set<string>>();

  function indexNameOf(segment: string): string {
    const kb = kbOfSegment(segment);
    if (options.index.includes('{kb}') && !kb) {
      throw new RagshipError('STORE_ERROR', `"${segment}" is not a ragship segment name; cannot tell its kb.`);
    }
    const name = options.index.replaceAll('{kb}', (kb ?? '').replaceAll('_', '-'));
    if (!INDEX_NAME.test(name)) {
      throw new ConfigError(
        `Pinecone index name "${name}" is invalid: use 1–45 lower-case letters, digits or "-", starting and ending with a letter or digit.`,
        'vectorStore.index',
      );
    }
    return name;
  }

  /** The segment's namespace handle, or undefined when its index does not exist (and `create` is not given). */
  async function namespaceOf(segment: string, create?: { dimensions: number }): Promise<Index | undefined> {
    const name = indexNameOf(segment);
    let host = hosts.get(name);
    if (!host) {
      let model = await describeIndex(name);
      if (!model && create) {
        await guard(`create index ${name}`, () =>
          client.indexes.create({
            name,
            dimension: create.dimensions,
            metric: 'cosine',
            spec: { serverless: { cloud: options.cloud ?? 'aws', region: options.region ?? 'us-east-1' } },
            waitUntilReady: true,
            timeout: consistencyTimeoutMs,
            suppressConflicts: true,
          }),
        );
        model = await describeIndex(name);
      }
      if (!model) return undefined;
      if (!model.ready) model = await awaitReady(name);
      if (create && model.dimension !== undefined && model.dimension !== create.dimensions) {
        throw new RagshipError(
          'STORE_ERROR',
          `Pinecone index ${name} has dimension ${model.dimension}, but these vectors have ${create.dimensions}; name another index in vectorStore.index.`,
        );
      }
      if (model.metric === 'euclidean') {
        throw new RagshipError(
          'STORE_ERROR',
          `Pinecone index ${name} uses the euclidean metric; ragship needs cosine or dotproduct.`,
        );
      }
      host = model.host;
      hosts.set(name, host);
    }
    return client.index({ name, host }).namespace(segment);
  }

  async function describeIndex(name: string) {
    try {
      const model = await withDeadline(client.indexes.describe(name), requestTimeoutMs);
      const vectors = (model.schema?.fields as Record<string, { dimension?: number; metric?: string }> | undefined)
        ?._values;
      return {
        host: model.host,
        ready: model.status?.ready === true,
        dimension: vectors?.dimension,
        metric: vectors?.metric,
      };
    } catch (error) {
      if (error instanceof Error && error.name === 'PineconeNotFoundError') return undefined;
      throw toStoreError(location, `describe index ${name}`, error);
    }
  }

  async function awaitReady(name: string) {
    const deadline = Date.now() + consistencyTimeoutMs;
    for (;;) {
      const model = await describeIndex(name);
      if (model?.ready) return model;
      if (Date.now() > deadline) {
        throw new RagshipError(
          'STORE_ERROR',
          `Pinecone index ${name} was not ready within ${consistencyTimeoutMs / 1000} s.`,
        );
      }
      await sleep(pollIntervalMs);
    }
  }

  async function recordCount(namespace: Index, segment: string): Promise<number> {
    const stats = await guard(`count ${segment}`, () => namespace.describeIndexStats());
    return stats.namespaces?.[segment]?.recordCount ?? 0;
  }

  /** Waits until every record this store wrote to `segment` is counted; returns the count. */
  async function settle(namespace: Index, segment: string): Promise<number> {
    const written = unsettled.get(segment);
    const deadline = Date.now() + consistencyTimeoutMs;
    for (;;) {
      const count = await recordCount(namespace, segment);
      if (!written || count >= written.size) {
        unsettled.delete(segment);
        return count;
      }
      if (Date.now() > deadline) {
        throw new RagshipError(
          'STORE_ERROR',
          `Pinecone shows ${count} of the ${written.size} records written to ${segment} after ${consistencyTimeoutMs / 1000} s; try again later.`,
        );
      }
      await sleep(pollIntervalMs);
    }
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
  ): Promise<PineconeRecordShape[]> {
    const batches: string[][] = [];
    for (let start = 0; start < ids.length; start += FETCH_IDS) batches.push(ids.slice(start, start + FETCH_IDS));
    const pages = await mapConcurrent(
      batches,
      (batch) =>
        guard(`fetch chunks of ${segment}`, () => withDeadline(namespace.fetch({ ids: batch }), requestTimeoutMs)),
      { concurrency },
    );
    return pages.flatMap((page) => Object.values(page.records ?? {}) as PineconeRecordShape[]);
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
      await guard('reach Pinecone', () => withDeadline(client.indexes.list(), requestTimeoutMs));
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
      await mapConcurrent(
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

    async query(segment, embedding, k, where) {
      const namespace = await existing(segment);
      // Read-your-writes within this store; other processes read after promotion has waited.
      if (unsettled.has(segment)) await settle(namespace, segment);
      const filter = toPineconeFilter(where);
      const result = await guard(`query ${segment}`, () =>
        withDeadline(
          namespace.query({ vector: [...embedding], topK: k, includeMetadata: true, ...(filter ? { filter } : {}) }),
          requestTimeoutMs,
        ),
      );
      return result.matches.map((match): ScoredChunk => ({
        ...fromRecord(match as PineconeRecordShape),
        score: match.score ?? 0,
      }));
    },

    async getChunks(segment, ids): Promise<Chunk[]> {
      if (ids.length === 0) return [];
      const namespace = await existing(segment);
      if (unsettled.has(segment)) await settle(namespace, segment);
      return (await fetchRecords(namespace, segment, ids)).map(fromRecord);
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
      const deadline = Date.now() + consistencyTimeoutMs;
      while (await this.hasSegment(name)) {
        if (Date.now() > deadline) {
          throw new RagshipError(
            'STORE_ERROR',
            `Pinecone still lists ${name} ${consistencyTimeoutMs / 1000} s after deleting it.`,
          );
        }
        await sleep(pollIntervalMs);
      }
    },
  };
}

function toStoreError(location: string, action: string, error: unknown): RagshipError {
  if (error instanceof RagshipError) return error;
  const name = error instanceof Error ? error.name : '';
  if (
    ['PineconeConnectionError', 'PineconeUnavailableError', 'PineconeMaxRetriesExceededError'].includes(name) ||
    /ETIMEDOUT|ECONNREFUSED|ECONNRESET|fetch failed/i.test(errorMessage(error))
  ) {
    return new StoreUnavailableError(`Pinecone at ${location} is unreachable (could not ${action}).`, { cause: error });
  }
  if (name === 'PineconeAuthorizationError') {
    return new RagshipError(
      'STORE_ERROR',
      `Pinecone at ${location} refused the API key (PINECONE_API_KEY) to ${action}.`,
      {
        cause: error,
      },
    );
  }
  return new RagshipError('STORE_ERROR', `Pinecone at ${location} failed to ${action}: ${errorMessage(error)}`, {
    cause: error,
  });
}
