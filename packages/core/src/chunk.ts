/** Metadata stored with every chunk in the vector store. Values are scalars so every store can hold them. */
export interface ChunkMetadata {
  /** The document's id: its path relative to the ingested directory (see ARCHITECTURE.md, Identifiers). */
  docId: string;
  /** Where the document came from, as a URI or path the user recognises. */
  source: string;
  /** The document's title: its first heading, else its file name. */
  title: string;
  /** Position of this chunk in the document, from 0. */
  chunkIndex: number;
  /** sha256 of the chunk text, hex. */
  textHash: string;
  /** sha256 of the whole document's content, hex. */
  contentHash: string;
  /** Number of characters in the chunk. */
  chars: number;
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

/** A chunk returned by a search, with its similarity score (higher is better, cosine in [-1, 1]). */
export interface ScoredChunk extends Chunk {
  score: number;
}
