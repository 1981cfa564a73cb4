import type { FlaggedDocument, IngestRunCounts, RejectedDocument } from '@ragship/core';
import type { SkippedFile } from './source-document.js';

/** A progress report of a running ingestion; counts so far. */
export interface IngestProgress {
  stage: 'load' | 'write' | 'compact' | 'verify';
  /** Documents read so far. */
  documents: number;
  /** Estimated documents in all, when known. */
  totalDocuments: number | undefined;
  /** Chunks produced from new or changed documents so far. */
  chunks: number;
  /** Texts sent to the embedder so far. */
  embedded: number;
  /** Chunks written to the store so far. */
  written: number;
}

/** What an ingestion run did; the `--json` output of `ragship ingest`. */
export interface IngestResult {
  kb: string;
  /** `v<N>` of the version written, or null when nothing changed. */
  version: string | null;
  /** The version compared against, `v<N>`, or null for the first run. */
  parent: string | null;
  /** `ready` when a version was written; `unchanged` ("up to date") when nothing changed. */
  status: 'ready' | 'unchanged';
  documents: { added: number; changed: number; removed: number; unchanged: number; rejected: number; flagged: number };
  chunks: {
    /** Live chunks in the version. */
    total: number;
    /** Texts sent to the embedder. */
    embedded: number;
    /** Chunks kept from the parent version without re-embedding or re-writing. */
    reused: number;
    /** Chunks written to the store by this run. */
    written: number;
    /** Written chunks whose vectors came from the embedding cache. */
    cached: number;
  };
  /** Why every document was rebuilt (no parent counts as no reason), else null. */
  fullRebuild: string | null;
  /** Why this run folded the segment chain into a new base, else null. */
  compacted: string | null;
  /** The version's segments, base first. */
  segments: number;
  /** Interrupted runs this run found and cleaned up, `v<N>`. */
  recovered: string[];
  rejected: RejectedDocument[];
  flagged: FlaggedDocument[];
  /** Files under the path that produced no document. */
  skipped: SkippedFile[];
  durationMs: number;
}

/** The run's counts for the manifest. */
export function runCounts(
  documents: IngestResult['documents'],
  written: { embedded: number; written: number; cached: number },
  total: number,
  durationMs: number,
): IngestRunCounts {
  const { added, changed, removed, unchanged, rejected } = documents;
  return {
    documents: { added, changed, removed, unchanged, rejected },
    chunks: { embedded: written.embedded, cached: written.cached, reused: total - written.written },
    durationMs,
  };
}
