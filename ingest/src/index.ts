export { ingest, sourceFingerprint, type IngestOptions } from './ingest.js';
export type { IngestResult, IngestProgress, IngestStage } from './ingest-result.js';
export { loadDocuments, type LoadedDirectory } from './load-documents.js';
export { validateDocuments, type ValidationRules } from './validate-documents.js';
export { chunkDocuments, SPLITTER_ID, type ChunkingSettings } from './chunk-documents.js';
export { compareDocuments, type DocumentChanges } from './document-changes.js';
export type { SourceDocument } from './source-document.js';
