/** A scalar any vector store can keep as metadata. */
export type MetadataValue = string | number | boolean;

/**
 * Metadata stored with every chunk in the vector store. Values are scalars so every store can
 * hold them; document fields of JSON records are added as `meta.<field>`.
 */
export interface ChunkMetadata {
  /**
   * The document's id: its path relative to the ingested directory, `#<record id>` for a JSON
   * record, `#page-<n>` for a PDF page.
   */
  docId: string;
  /** Where the document came from: a `file://` URI (with the same `#…` fragment as the id). */
  source: string;
  /** The document's title: its first heading, HTML `<title>`, record `title`, else its file name. */
  title: string;
  /** `markdown`, `text`, `html`, `pdf` or `json`. */
  format: string;
  /** Position of this chunk in the document, from 0. */
  chunkIndex: number;
  /** The headings above the chunk's start, outermost first, joined by ` > `; empty when none. */
  headingPath: string;
  /** ISO 639-3 language guess (franc), `und` when too short to tell. */
  language: string;
  /** Characters in the chunk. */
  chars: number;
  /** Tokens in the chunk (cl100k_base). */
  tokens: number;
  /** sha256 of the chunk text, hex. */
  textHash: string;
  /** sha256 of the whole document (text, title and metadata), hex. */
  contentHash: string;
  /** ISO 8601 modification time of the file the document came from. */
  modifiedAt: string;
  /** Validation flags of the document, comma-separated (`pii`, `instructions`); empty when none. */
  flags: string;
  [field: `meta.${string}`]: MetadataValue;
}

/** A chunk of a document as ingested: stable id, text and metadata. */
export interface Chunk {
  /** Stable across versions for the same text at the same place in the same document. */
  id: string;
  text: string;
  metadata: ChunkMetadata;
}

/** A chunk with its embedding, as written to and read from a vector store. */
export interface EmbeddedChunk extends Chunk {
  embedding: number[];
}

/** A nearest neighbour as a vector search finds it: the chunk's id and cosine similarity, in [-1, 1]. */
export interface ScoredId {
  id: string;
  score: number;
}

/** A chunk returned by a search, with its similarity score (higher is better, cosine in [-1, 1]). */
export interface ScoredChunk extends Chunk {
  score: number;
}
