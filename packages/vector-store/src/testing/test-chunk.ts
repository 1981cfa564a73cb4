import type { ChunkMetadata, EmbeddedChunk } from '@ragship/core';

/** Chunk metadata with every field filled in, for tests; `overrides` win. */
export function testChunkMetadata(docId: string, overrides: Partial<ChunkMetadata> = {}): ChunkMetadata {
  return {
    docId,
    source: `file:///corpus/${docId}`,
    title: docId,
    format: 'markdown',
    chunkIndex: 0,
    headingPath: '',
    language: 'eng',
    chars: 0,
    tokens: 0,
    textHash: `text-of-${docId}`,
    contentHash: `content-of-${docId}`,
    modifiedAt: '2026-01-01T00:00:00.000Z',
    flags: '',
    ...overrides,
  };
}

/** An embedded chunk for tests. */
export function testChunk(
  id: string,
  text: string,
  embedding: number[],
  metadata: Partial<ChunkMetadata> & { docId?: string } = {},
): EmbeddedChunk {
  return {
    id,
    text,
    embedding,
    metadata: testChunkMetadata(metadata.docId ?? `${id}.md`, { chars: text.length, ...metadata }),
  };
}
