import type { ScoredChunk } from '@ragship/core';

/** A numbered source of an answer, as the HTTP contract returns it. */
export interface Citation {
  /** The `[n]` the answer uses for this source. */
  n: number;
  chunkId: string;
  docId: string;
  source: string;
  title: string;
  score: number;
  /** The start of the chunk text, at most ~240 characters. */
  snippet: string;
  /** The whole chunk text, for showing the cited passage (the web app's citation panel). */
  text: string;
}

/** Numbers retrieved chunks as citations `[1]…[k]`, in rank order. */
export function toCitations(chunks: readonly ScoredChunk[]): Citation[] {
  return chunks.map((chunk, index) => ({
    n: index + 1,
    chunkId: chunk.id,
    docId: chunk.metadata.docId,
    source: chunk.metadata.source,
    title: chunk.metadata.title,
    score: Number(chunk.score.toFixed(4)),
    snippet: snippet(chunk.text),
    text: chunk.text,
  }));
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= 240 ? flat : `${flat.slice(0, 237).replace(/\s+\S*$/, '')}…`;
}
