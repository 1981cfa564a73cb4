/** A document read from the ingested directory, before validation and chunking. */
export interface SourceDocument {
  /** Path relative to the ingested directory, with `/` separators. */
  docId: string;
  /** Absolute path, as a `file://` URI. */
  source: string;
  title: string;
  /** `markdown` or `text`: picks the splitter. */
  format: 'markdown' | 'text';
  text: string;
  /** sha256 of `text`, hex. */
  contentHash: string;
}
