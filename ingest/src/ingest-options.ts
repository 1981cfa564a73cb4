import type { IngestSettings, ValidationSettings } from '@ragship/core';
import type { EmbeddingCache, Embedder } from '@ragship/embeddings';
import type { Registry } from '@ragship/registry';
import type { Tracing } from '@ragship/telemetry';
import type { VectorStore } from '@ragship/vector-store';
import type { ChunkingSettings } from './chunking/chunk-document.js';
import type { CompactionPolicy } from './incremental/plan-segments.js';
import type { IngestProgress } from './ingest-result.js';

/** Everything one ingestion run needs, injected. */
export interface IngestOptions {
  /** Directory to ingest. */
  directory: string;
  kb: string;
  registry: Registry;
  /** The store of the environment the run builds into. */
  store: VectorStore;
  /**
   * The environment whose store that is, recorded in the manifest (`builtIn`) so promotion knows
   * where to copy from.
   */
  environment?: string;
  embedder: Embedder;
  /** Persistent (embedder id, text hash) → vector cache; unchanged text is never embedded twice. */
  cache?: EmbeddingCache | undefined;
  chunking: ChunkingSettings;
  validation: ValidationSettings;
  ingest: IngestSettings;
  /** Git SHA of the pipeline code when known. */
  pipelineVersion: string;
  compaction?: Partial<CompactionPolicy>;
  /** Estimated number of documents, for progress; optional. */
  totalDocuments?: number;
  onProgress?: (progress: IngestProgress) => void;
  signal?: AbortSignal;
  /** Where the run's spans go (one per stage). Default: off. */
  tracing?: Tracing;
  /** For tests: who this run is, and how to tell a dead run. */
  owner?: string;
  isRunAlive?: (owner: string | null) => boolean;
}
