import { filterableMetadata, type Chunk, type MetadataValue } from '@ragship/core';

/** What the lexical index holds of a chunk: its id and the words to match. */
export interface LexicalEntry {
  id: string;
  /** The document's title, indexed with every chunk of it (a chunk rarely repeats it). */
  title: string;
  text: string;
  /** The chunk's filterable metadata (see `filterableMetadata`), kept so searches can filter on it. */
  metadata?: Record<string, MetadataValue>;
}

/** What the lexical index keeps of a chunk. */
export function lexicalEntry(chunk: Chunk): LexicalEntry {
  return { id: chunk.id, title: chunk.metadata.title, text: chunk.text, metadata: filterableMetadata(chunk.metadata) };
}
