import type { Manifest } from '@ragship/core';
import type { Registry } from '@ragship/registry';
import type { VectorStore } from '@ragship/vector-store';

/** What a promotion hands its baseline step: the version, and the environment about to serve it. */
export interface BaselineStepInput {
  registry: Registry;
  /** The promoted version's manifest. */
  manifest: Manifest;
  version: number;
  /** The target environment, which the baseline is stored for. */
  environment: string;
  /** The target's store; it holds the version whole by now. */
  store: VectorStore;
  signal?: AbortSignal | undefined;
  /** Queries (or other units of work) done so far, of `total`; reported as the `baseline` stage. */
  onProgress?: (done: number, total: number) => void;
}

/** The drift baseline a step stored, as the promotion's result and audit entry report it. */
export interface BaselineSummary {
  /** Where its retrievals came from, e.g. `queries`. */
  source: string;
  /** What was run, e.g. "40 queries of eval/docs/golden.jsonl". */
  description: string;
  samples: number;
  /** Fingerprint of the query set; null when there was none. */
  querySet: string | null;
}

/**
 * Measures the version's drift baseline in the target and stores it there, after the copy and
 * before the alias flips, so the API finds it when it starts serving the version. The caller
 * brings the measuring (e.g. `@ragship/monitoring`'s `recordBaseline` with a query set).
 */
export type BaselineStep = (input: BaselineStepInput) => Promise<BaselineSummary>;
