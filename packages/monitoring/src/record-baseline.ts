import type { Manifest, RetrievalSettings } from '@ragship/core';
import type { Embedder } from '@ragship/embeddings';
import type { Registry } from '@ragship/registry';
import { openSearchTarget } from '@ragship/retrieval';
import type { VectorStore } from '@ragship/vector-store';
import type { DriftBaseline } from './drift-baseline.js';
import { measureBaseline } from './measure-baseline.js';
import type { QuerySet } from './query-set.js';

/** What measuring a version's drift baseline needs: the queries, and how the API retrieves. */
export interface BaselineRequest {
  querySet: QuerySet;
  /** The version's embedder (the one its manifest names). */
  embedder: Embedder;
  retrieval: RetrievalSettings;
  /** Chunks per query; the API's default k. Default 5. */
  k?: number;
}

/** The baseline stored, as a promotion's result reports it. */
export type BaselineSummary = Pick<DriftBaseline, 'source' | 'description' | 'samples' | 'querySet'>;

/**
 * Runs the query set against the version in the target's store, as the API will serve it, and
 * stores the signals as the version's baseline in that environment (replacing an older one).
 * A promotion's baseline step (`PromoteOptions.baseline` of `@ragship/promotion`) with the request
 * bound: `(input) => recordBaseline({ ...input, request })`.
 */
export async function recordBaseline(options: {
  registry: Registry;
  manifest: Manifest;
  version: number;
  environment: string;
  store: VectorStore;
  request: BaselineRequest;
  signal?: AbortSignal | undefined;
  onProgress?: (done: number, total: number) => void;
}): Promise<BaselineSummary> {
  const { registry, manifest, version, request } = options;
  const target = await openSearchTarget(registry, options.store, manifest, version, request.embedder);
  const baseline = await measureBaseline({
    target,
    querySet: request.querySet,
    retrieval: request.retrieval,
    ...(request.k ? { k: request.k } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  await registry.monitoring.putBaseline({ kb: manifest.kb, version, environment: options.environment, data: baseline });
  const { source, description, samples, querySet } = baseline;
  return { source, description, samples, querySet };
}
