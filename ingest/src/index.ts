export { ingest } from './ingest.js';
export type { IngestOptions } from './ingest-options.js';
export type { IngestResult, IngestProgress } from './ingest-result.js';
export { estimateDocumentCount, loadDirectory } from './loaders/index.js';
export { createValidator, parseRejectionBudget } from './validation/index.js';
export {
  createDocumentChunker,
  SPLITTER_ID,
  type ChunkingSettings,
  type DocumentChunker,
} from './chunking/chunk-document.js';
export { diffManifests, type ManifestDiff } from './diff-manifests.js';
export { describeSourceChange, sourceChange, type SourceChange } from './sources/source-change.js';
export type { SourceDocument, SkippedFile, LoadedItem, DocumentFormat } from './source-document.js';
export { openSource, isDirectorySource, type SourceSettings } from './sources/open-source.js';
export { sourceCacheDir } from './sources/source-cache-dir.js';
export type {
  DocumentSource,
  SourceProgress,
  SourceRecord,
  SourceSnapshot,
  SnapshotOptions,
} from './sources/document-source.js';
export { withKbLease, type KbLeaseOptions } from './version/kb-lease.js';
