import type { IngestOptions } from '../ingest-options.js';
import type { IngestProgress } from '../ingest-result.js';
import type { WriteTotals } from '../version/version-writer.js';

/** The counts of a running ingestion, kept by its stages, and their report to `onProgress`. */
export interface RunProgress {
  /** Documents read so far (load and validate). */
  documents: number;
  /** Chunks made from new or changed documents so far (chunk). */
  chunks: number;
  /** Reports the counts so far, with the writer's totals, as `stage`. */
  report(stage: IngestProgress['stage'], totals: WriteTotals): void;
}

export function createRunProgress(options: Pick<IngestOptions, 'onProgress' | 'totalDocuments'>): RunProgress {
  const progress: RunProgress = {
    documents: 0,
    chunks: 0,
    report(stage, totals) {
      options.onProgress?.({
        stage,
        totalDocuments: options.totalDocuments,
        documents: progress.documents,
        chunks: progress.chunks,
        ...totals,
      });
    },
  };
  return progress;
}
