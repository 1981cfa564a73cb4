import type { Index, Pinecone } from '@pinecone-database/pinecone';
import { ConfigError, RagshipError } from '@ragship/core';
import { toStoreError } from './pinecone-errors.js';
import { pollUntil } from './poll-until.js';
import { kbOfSegment } from './segment-name.js';
import { withDeadline } from './store-deadline.js';

const INDEX_NAME = /^[a-z0-9](?:[a-z0-9-]{0,43}[a-z0-9])?$/;

/** What {@link createPineconeIndexes} needs from the store. */
export interface PineconeIndexesOptions {
  /** The client, loaded on first use. */
  client: () => Promise<Pinecone>;
  /** The configured index name or template (`{kb}`). */
  template: string;
  cloud: string;
  region: string;
  requestTimeoutMs: number;
  wait: { timeoutMs: number; intervalMs: number };
  guard: <T>(action: string, call: () => Promise<T>) => Promise<T>;
  location: string;
}

/**
 * Which Pinecone index holds a segment, and its handle: the index's name from the template, its
 * host looked up once (creating the index, serverless and cosine, when asked to), and the checks
 * that an existing index suits the vectors.
 */
export function createPineconeIndexes(options: PineconeIndexesOptions) {
  const { client } = options;
  const hosts = new Map<string, string>();

  function indexNameOf(segment: string): string {
    const kb = kbOfSegment(segment);
    if (options.template.includes('{kb}') && !kb) {
      throw new RagshipError('STORE_ERROR', `"${segment}" is not a ragship segment name; cannot tell its kb.`);
    }
    const name = options.template.replaceAll('{kb}', (kb ?? '').replaceAll('_', '-'));
    if (!INDEX_NAME.test(name)) {
      throw new ConfigError(
        `Pinecone index name "${name}" is invalid: ` +
          'use 1–45 lower-case letters, digits or "-", starting and ending with a letter or digit.',
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
        await options.guard(`create index ${name}`, async () =>
          (await client()).indexes.create({
            name,
            dimension: create.dimensions,
            metric: 'cosine',
            spec: { serverless: { cloud: options.cloud, region: options.region } },
            waitUntilReady: true,
            timeout: options.wait.timeoutMs,
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
          `Pinecone index ${name} has dimension ${model.dimension}, but these vectors have ${create.dimensions}; ` +
            'name another index in vectorStore.index.',
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
    return (await client()).index({ name, host }).namespace(segment);
  }

  async function describeIndex(name: string) {
    try {
      const model = await withDeadline((await client()).indexes.describe(name), options.requestTimeoutMs);
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
      throw toStoreError(options.location, `describe index ${name}`, error);
    }
  }

  function awaitReady(name: string) {
    return pollUntil(
      async () => {
        const model = await describeIndex(name);
        return model?.ready ? model : undefined;
      },
      {
        ...options.wait,
        timedOut: () =>
          new RagshipError(
            'STORE_ERROR',
            `Pinecone index ${name} was not ready within ${options.wait.timeoutMs / 1000} s.`,
          ),
      },
    );
  }

  return { indexNameOf, namespaceOf };
}
