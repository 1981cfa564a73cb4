import type { EvalRecord, Manifest } from '@ragship/core';

/** A metric's value on a version, and the eval set it was measured on (null for metrics of the build itself). */
export interface MetricValue {
  value: number;
  /** Fingerprint of the eval set; values compare only on the same one. Null for build metrics. */
  evalSet: string | null;
}

/**
 * The metrics a gate can name that every version has, from its manifest: `documents`, `chunks`,
 * `rejected` and `flagged` (counts), `rejectedRate` (rejected / (documents + rejected)) and
 * `flaggedRate` (flagged / documents).
 */
export const BUILD_METRICS = ['documents', 'chunks', 'rejected', 'rejectedRate', 'flagged', 'flaggedRate'] as const;

/**
 * The value of `metric` on a version: a build metric (see {@link BUILD_METRICS}), else the newest
 * eval measurement of that name, or the one on `evalSet` when given. Undefined when not measured.
 */
export function metricValue(manifest: Manifest, metric: string, evalSet?: string | null): MetricValue | undefined {
  const build = buildMetric(manifest, metric);
  if (build !== undefined) return { value: build, evalSet: null };
  const measured = Object.entries(manifest.eval ?? {})
    .filter(([fingerprint, record]) => metric in record.metrics && (!evalSet || fingerprint === evalSet))
    .sort(([, a], [, b]) => newestFirst(a, b));
  const [fingerprint, record] = measured[0] ?? [];
  const value = record?.metrics[metric];
  return fingerprint === undefined || value === undefined ? undefined : { value, evalSet: fingerprint };
}

function buildMetric(manifest: Manifest, metric: string): number | undefined {
  const { documents, chunks, rejected } = manifest.counts;
  const flagged = manifest.validation.flagged.length;
  switch (metric) {
    case 'documents':
      return documents;
    case 'chunks':
      return chunks;
    case 'rejected':
      return rejected;
    case 'rejectedRate':
      return documents + rejected === 0 ? 0 : rejected / (documents + rejected);
    case 'flagged':
      return flagged;
    case 'flaggedRate':
      return documents === 0 ? 0 : flagged / documents;
    default:
      return undefined;
  }
}

function newestFirst(a: EvalRecord, b: EvalRecord): number {
  return a.measuredAt < b.measuredAt ? 1 : a.measuredAt > b.measuredAt ? -1 : 0;
}
