import { createHash } from 'node:crypto';
import { formatVersion, type Manifest, type ManifestDocument } from '@ragship/core';
import type { IngestResult } from '../ingest-result.js';
import type { LoadedDocuments } from './load-and-validate.js';
import type { RunPlan } from './plan-run.js';

/** What a run found, before it knows whether it writes a version. */
export type RunSummary = Omit<IngestResult, 'version' | 'status' | 'chunks' | 'compacted' | 'segments' | 'durationMs'>;

/** What a run that read its input found: documents by change, rejections, flags and skipped files. */
export function runSummary(kb: string, plan: RunPlan, found: LoadedDocuments, removed: number): RunSummary {
  const { changes, rejected, flagged, skipped } = found;
  return {
    kb,
    parent: plan.parent ? formatVersion(plan.parent.version) : null,
    documents: { ...changes, removed, rejected: rejected.length, flagged: flagged.length },
    fullRebuild: plan.fullRebuild,
    recovered: plan.recovered,
    rejected,
    flagged,
    skipped,
  };
}

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
  // sha256 of the sorted `<docId>\0<contentHash>` pairs joined by newlines, without making the
  // pairs or the joined string (at 16× SciFact, ~30 MB at the end of a run). Pairs sort as their
  // docIds do unless a docId holds a NUL (a JSON record's id may); then they are compared whole.
  const pair = (docId: string) => `${docId}\0${documents[docId]?.contentHash ?? ''}`;
  const docIds = Object.keys(documents);
  if (docIds.some((docId) => docId.includes('\0'))) docIds.sort((a, b) => (pair(a) < pair(b) ? -1 : 1));
  else docIds.sort();
  const hash = createHash('sha256');
  docIds.forEach((docId, at) => {
    if (at > 0) hash.update('\n', 'utf8');
    hash
      .update(docId, 'utf8')
      .update('\0', 'utf8')
      .update(documents[docId]?.contentHash ?? '', 'utf8');
  });
  return hash.digest('hex');
}
