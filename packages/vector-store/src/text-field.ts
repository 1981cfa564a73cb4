import type { Chunk, MetadataValue } from '@ragship/core';

/**
 * The metadata field that holds a chunk's text in a store record: Pinecone has no document
 * field, and on Chroma the text goes into metadata unless Chroma documents are asked for (see
 * `ChromaVectorStoreOptions.documents`). Chunk metadata never has a field of this name (a
 * record's own fields are `meta.<field>`).
 */
export const TEXT_FIELD = 'text';

/** The metadata a store record holds for `chunk`: the chunk's own fields and its text. */
export function metadataWithText(chunk: Chunk): Record<string, MetadataValue> {
  return { ...chunk.metadata, [TEXT_FIELD]: chunk.text };
}

/**
 * A stored record's metadata split back into the chunk's text and the chunk's own metadata fields
 * (the inverse of {@link metadataWithText}).
 */
export function splitStoredText(
  stored: Record<string, unknown> | null | undefined,
  document?: string | null,
): { text: string; metadata: Record<string, unknown> } {
  const { [TEXT_FIELD]: text, ...metadata } = stored ?? {};
  return { text: typeof text === 'string' ? text : (document ?? ''), metadata };
}
