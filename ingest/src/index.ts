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
export type { SourceDocument, SkippedFile, LoadedItem, DocumentFormat } from './source-document.js';
