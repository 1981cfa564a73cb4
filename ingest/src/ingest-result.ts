import type { RejectedDocument } from '@ragship/core';

/** The stages of an ingestion run, in order. */
export type IngestStage = 'load' | 'validate' | 'chunk' | 'embed' | 'write';

/** A progress report: `done` of `total` units of `stage`. */
export interface IngestProgress {
  stage: IngestStage;
  done: number;
  total: number;
}

/** What an ingestion run did; the `--json` output of `ragship ingest`. */
export interface IngestResult {
  kb: string;
  /** `v<N>` of the version written, or null when nothing changed. */
  version: string | null;
  /** The version compared against, `v<N>`, or null for the first run. */
  parent: string | null;
  status: 'ready' | 'unchanged';
  documents: { added: number; changed: number; removed: number; unchanged: number; rejected: number };
  chunks: { total: number; embedded: number; reused: number };
  /** Why every document was rebuilt, when the chunker or embedder changed; else null. */
  fullRebuild: string | null;
  rejected: RejectedDocument[];
  /** Files under the path that are not a supported type. */
  skipped: { path: string; reason: string }[];
  durationMs: number;
}
