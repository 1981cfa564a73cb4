import { MarkdownTextSplitter, RecursiveCharacterTextSplitter, type TextSplitter } from '@langchain/textsplitters';
import { sha256, sha256Prefix, type Chunk, type ChunkMetadata } from '@ragship/core';
import { guessLanguage } from './guess-language.js';
import { headingPathAt, headingsOf } from '../heading-path.js';
import type { SourceDocument } from '../source-document.js';
import { countTokens } from './count-tokens.js';

/** Chunk size and overlap, in characters. */
export interface ChunkingSettings {
  size: number;
  overlap: number;
}

/** Recorded in manifests: a change of splitter, size or overlap forces a full rebuild. */
export const SPLITTER_ID = 'langchain-markdown-or-recursive@1';

/** Splits documents into chunks with their features; create once per run. */
export interface DocumentChunker {
  chunk(document: SourceDocument, flags: readonly string[]): Promise<Chunk[]>;
}

/**
 * A chunker over LangChain's splitters — Markdown-aware for Markdown and HTML (which loaders
 * turn into Markdown-style text), recursive otherwise — that gives every chunk a stable id (the
 * same text at the same place in the same document gets the same id in every version) and its
 * features: heading path, language, character and token counts, hashes, source and flags.
 */
export function createDocumentChunker(settings: ChunkingSettings): DocumentChunker {
  const options = { chunkSize: settings.size, chunkOverlap: settings.overlap };
  const markdown = new MarkdownTextSplitter(options);
  const recursive = new RecursiveCharacterTextSplitter(options);
  const splitterFor = (document: SourceDocument): TextSplitter =>
    document.format === 'markdown' || document.format === 'html' ? markdown : recursive;

  return {
    async chunk(document, flags) {
      const pieces = await splitterFor(document).splitText(document.text);
      const headings = headingsOf(document.text, document.format);
      const language = guessLanguage(document.text);
      const extra = Object.fromEntries(
        Object.entries(document.metadata).map(([key, value]) => [`meta.${key}`, value]),
      ) as Pick<ChunkMetadata, `meta.${string}`>;
      const occurrences = new Map<string, number>();
      let searchFrom = 0;
      return pieces.map((text, chunkIndex): Chunk => {
        const textHash = sha256(text);
        const occurrence = occurrences.get(textHash) ?? 0;
        occurrences.set(textHash, occurrence + 1);
        const start = document.text.indexOf(text, searchFrom);
        if (start !== -1) searchFrom = start + 1;
        return {
          id: sha256Prefix(`${document.docId}\0${textHash}\0${occurrence}`, 32),
          text,
          metadata: {
            ...extra,
            docId: document.docId,
            source: document.source,
            title: document.title,
            format: document.format,
            chunkIndex,
            headingPath: headingPathAt(headings, start === -1 ? searchFrom : start),
            language,
            chars: text.length,
            tokens: countTokens(text),
            textHash,
            contentHash: document.contentHash,
            modifiedAt: document.modifiedAt,
            flags: flags.join(','),
          },
        };
      });
    },
  };
}
