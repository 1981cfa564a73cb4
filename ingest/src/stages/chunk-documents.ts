import type { Chunk } from '@ragship/core';
import type { StageClock } from '@ragship/telemetry';
import { createDocumentChunker, type ChunkingSettings } from '../chunking/chunk-document.js';
import type { SourceDocument } from '../source-document.js';
import type { LexicalBuilder } from '../version/lexical-builder.js';
import type { DocumentToChunk } from './load-and-validate.js';
import type { RunProgress } from './run-progress.js';

/** A document and its chunks, on their way to the store. */
export interface ChunkedDocument {
  document: SourceDocument;
  chunks: Chunk[];
}

/**
 * The chunk stage: splits each document into chunks with their features and adds them to the
 * BM25 index of the segment this run writes, one document at a time as the next stage pulls them.
 */
export async function* chunkDocuments(
  documents: AsyncIterable<DocumentToChunk>,
  options: { chunking: ChunkingSettings; lexical: LexicalBuilder; clock: StageClock; progress: RunProgress },
): AsyncGenerator<ChunkedDocument> {
  const { lexical, clock, progress } = options;
  const chunker = createDocumentChunker(options.chunking);
  for await (const { document, flags } of documents) {
    const chunks = await clock.time('chunk', async () => {
      const made = await chunker.chunk(document, flags);
      lexical.add(made);
      return made;
    });
    progress.chunks += chunks.length;
    yield { document, chunks };
  }
}
