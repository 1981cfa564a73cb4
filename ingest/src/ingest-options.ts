import type { IngestSettings, ValidationSettings } from '@ragship/core';
import type { EmbeddingCache, Embedder } from '@ragship/embeddings';
import type { Registry } from '@ragship/registry';
import type { Tracing } from '@ragship/telemetry';
import type { VectorStore } from '@ragship/vector-store';
import type { ChunkingSettings } from './chunking/chunk-document.js';
import type { CompactionPolicy } from './incremental/plan-segments.js';
import type { IngestProgress } from './ingest-result.js';
import type { DocumentSource, SourceProgress } from './sources/document-source.js';
import type { KbLeaseOptions } from './version/kb-lease.js';

/** Everything one ingestion run needs, injected. */
export interface IngestOptions {
  /** Directory to ingest; shorthand for `source: createDirectorySource(directory)`. */
  directory?: string;
  /** Where the documents come from: a directory, a web site, a git repository, an S3 prefix. */
  source?: DocumentSource;
  /**
   * A directory the source keeps between runs (its mirror, clone or state): a remote source asks
   * only for what changed since the parent version when its mirror is there. Required for remote sources.
   */
  sourceCacheDir?: string;
  /** Fetching progress of a remote source, before documents are loaded. */
  onSourceProgress?: (progress: SourceProgress) => void;
  /** How the run waits for another run of the same kb (one run per kb at a time, by a lease in the registry). */
  lease?: KbLeaseOptions;
  /** One line for a person from the source (a warning, a retry). */
  log?: (message: string) => void;
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
