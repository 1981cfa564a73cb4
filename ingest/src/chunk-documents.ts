import { MarkdownTextSplitter, RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { sha256, type Chunk } from '@ragship/core';
import type { SourceDocument } from './source-document.js';

/** Chunk size and overlap, in characters. */
export interface ChunkingSettings {
  size: number;
  overlap: number;
}

/** Recorded in manifests: a change forces a full rebuild. */
export const SPLITTER_ID = 'langchain-markdown-or-recursive@1';

/**
 * Splits documents with LangChain's splitters — Markdown-aware for Markdown, recursive
 * otherwise — into chunks with stable ids: the same text at the same place in the same
 * document gets the same id in every version.
 */
export async function chunkDocuments(
  documents: readonly SourceDocument[],
  settings: ChunkingSettings,
): Promise<Chunk[]> {
  const splitterOptions = { chunkSize: settings.size, chunkOverlap: settings.overlap };
  const splitters = {
    markdown: new MarkdownTextSplitter(splitterOptions),
    text: new RecursiveCharacterTextSplitter(splitterOptions),
  };
  const chunks: Chunk[] = [];
  for (const document of documents) {
    const pieces = await splitters[document.format].splitText(document.text);
    const occurrences = new Map<string, number>();
    pieces.forEach((text, chunkIndex) => {
      const textHash = sha256(text);
      const occurrence = occurrences.get(textHash) ?? 0;
      occurrences.set(textHash, occurrence + 1);
      chunks.push({
        id: sha256(`${document.docId}\0${textHash}\0${occurrence}`).slice(0, 32),
        text,
        metadata: {
          docId: document.docId,
          source: document.source,
          title: document.title,
          chunkIndex,
          textHash,
          contentHash: document.contentHash,
          chars: text.length,
        },
      });
    });
  }
  return chunks;
}
