import type { RetrievalSettings } from '@ragship/core';
import { retrieve, type SearchTarget } from '@ragship/retrieval';
import pMap from 'p-map';
import { baselineOf, type DriftBaseline } from './drift-baseline.js';
import { driftSignals } from './drift-signals.js';
import type { QuerySet } from './query-set.js';

/** Options of {@link measureBaseline}. */
export interface MeasureBaselineOptions {
  target: SearchTarget;
  querySet: QuerySet;
  retrieval: RetrievalSettings;
  /** Chunks per query, as the API retrieves them. Default 5. */
  k?: number;
  /** Queries in flight at once. Default 4. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * A version's drift baseline from a query set: every query retrieved as the API retrieves it,
 * its signals collected. Deterministic for the same version, queries and settings.
 */
export async function measureBaseline(options: MeasureBaselineOptions): Promise<DriftBaseline> {
  const { target, querySet, retrieval } = options;
  const k = options.k ?? 5;
  const total = querySet.queries.length;
  let done = 0;
  const observations = await pMap(
    querySet.queries,
    async (query) => {
      const signals = driftSignals((await retrieve(target, query, k, retrieval)).chunks);
      options.onProgress?.(++done, total);
      return signals;
    },
    { concurrency: options.concurrency ?? 4, ...(options.signal ? { signal: options.signal } : {}) },
  );
  return baselineOf(
    {
      source: 'queries',
      description: `${querySet.queries.length} queries of ${querySet.source}`,
      querySet: querySet.fingerprint,
    },
    observations,
  );
}
