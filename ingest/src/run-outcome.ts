import { createHash } from 'node:crypto';
import { RagshipError, type Manifest, type ManifestDocument } from '@ragship/core';
import type { IngestResult } from './ingest-result.js';

/** What a run found, before it knows whether it writes a version. */
export type RunSummary = Omit<IngestResult, 'version' | 'status' | 'chunks' | 'compacted' | 'segments' | 'durationMs'>;

/** The result of a run that changed nothing: no version, the parent's chunks and segments. */
export function unchangedResult(summary: RunSummary, parent: Manifest, durationMs: number): IngestResult {
  const chunks = parent.counts.chunks;
  return {
    ...summary,
    version: null,
    status: 'unchanged',
    chunks: { total: chunks, embedded: 0, reused: chunks, written: 0, cached: 0 },
    compacted: null,
    segments: parent.segments.length,
    durationMs,
  };
}

/**
 * What a run whose input is byte for byte the parent's found, without loading it: the parent's
 * documents, rejections and flags.
 */
export function parentSummary(parent: Manifest, recovered: string[]): RunSummary {
  const { rejected, flagged } = parent.validation;
  return {
    kb: parent.kb,
    parent: parent.version,
    documents: {
      added: 0,
      changed: 0,
      removed: 0,
      unchanged: parent.counts.documents,
      rejected: rejected.length,
      flagged: flagged.length,
    },
    fullRebuild: null,
    recovered,
    rejected,
    flagged,
    skipped: [],
  };
}

/** sha256 over the sorted (docId, contentHash) pairs of the version's documents. */
export function sourceFingerprint(documents: Record<string, ManifestDocument>): string {
  const pairs = Object.entries(documents)
    .map(([docId, document]) => `${docId}\0${document.contentHash}`)
    .sort();
  // sha256 of the pairs joined by newlines, without making the joined string.
  const hash = createHash('sha256');
  pairs.forEach((pair, at) => hash.update(at === 0 ? pair : `\n${pair}`, 'utf8'));
  return hash.digest('hex');
}

export function budgetError(rejected: number, seen: number, budget: string | number | undefined): RagshipError {
  return new RagshipError(
    'REJECTION_BUDGET_EXCEEDED',
    `${rejected} of ${seen} documents rejected, past --max-rejected ${String(budget)}; nothing was written.`,
  );
}
