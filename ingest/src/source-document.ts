import { sha256, type MetadataValue } from '@ragship/core';

/** The formats loaders produce. `markdown` and `html` (converted to Markdown) use the Markdown-aware splitter. */
export type DocumentFormat = 'markdown' | 'text' | 'html' | 'pdf' | 'json';

/** A document read from the ingested directory, before validation and chunking. */
export interface SourceDocument {
  /**
   * Stable id: the path relative to the ingested directory with `/` separators; for a JSON or
   * JSON Lines record `<path>#<record id>`; for a PDF page `<path>#page-<n>` (from 1).
   */
  docId: string;
  /** `file://` URI of the file, with the same `#…` fragment as `docId` for records and pages. */
  source: string;
  /**
   * First `# ` heading (Markdown), `<title>` or first `<h1>` (HTML), `title` field (JSON), PDF
   * title; else the file name.
   */
  title: string;
  format: DocumentFormat;
  /**
   * The text to chunk: normalised to `\n` line endings, no BOM. HTML is converted to Markdown-style
   * text (`#` headings, paragraphs) so heading paths work the same as for Markdown.
   */
  text: string;
  /** sha256 over title, text and metadata (stable key order), hex: any change to what is indexed changes it. */
  contentHash: string;
  /** ISO 8601 modification time of the file. */
  modifiedAt: string;
  /** Extra fields: other fields of a JSON record, `page` of a PDF page. Scalars only; nested values JSON-encoded. */
  metadata: Record<string, MetadataValue>;
}

/** A file under the ingested directory that produced no document, and why. */
export interface SkippedFile {
  /** Path relative to the ingested directory. */
  path: string;
  reason: string;
}

/** What a directory walk yields, in order: documents, skipped files, and records rejected at load time. */
export type LoadedItem =
  | { kind: 'document'; document: SourceDocument }
  | { kind: 'skipped'; skipped: SkippedFile }
  /** A JSON record or file that cannot become a document (no id, no text, unparseable line). */
  | { kind: 'invalid'; docId: string; reason: string };

/** The {@link SourceDocument.contentHash} of a document: sha256 over title, text and metadata. */
export function documentContentHash(title: string, text: string, metadata: Record<string, MetadataValue>): string {
  const fields = Object.keys(metadata)
    .sort()
    .map((key) => [key, metadata[key]]);
  return sha256(JSON.stringify([title, text, fields]));
}
