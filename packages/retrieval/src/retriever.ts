import {
  DEFAULT_RETRIEVAL,
  type Chunk,
  type MetadataFilter,
  type RetrievalSettings,
  type ScoredChunk,
  type ScoredId,
  type SegmentRef,
} from '@ragship/core';
import { embedMany, type Embedder } from '@ragship/embeddings';
import type { LexicalHit, LexicalIndex } from '@ragship/lexical-index';
import { getLiveChunks, searchSegments, type VectorStore } from '@ragship/vector-store';

/** What to search: a version's segments in one store, embedded by the version's embedder, and its BM25 index. */
export interface SearchTarget {
  store: VectorStore;
  embedder: Embedder;
  segments: readonly SegmentRef[];
  /** The version's lexical index; null for versions built before ragship kept one (dense only). */
  lexical: LexicalIndex | null;
}

/** A retrieved chunk with the evidence behind its rank. */
export interface RetrievedChunk extends ScoredChunk {
  /** `score` is the fused score scaled so a chunk first in every list scores 1. These are its parts. */
  signals: {
    /** Cosine similarity to the query, when the dense search returned the chunk. */
    similarity: number | null;
    /** BM25 score, when the lexical search returned it. */
    bm25: number | null;
    /** IDF-weighted share of the query's terms the chunk holds (0 when no lexical match). */
    coverage: number;
  };
}

/** What a retrieval found. */
export interface Retrieval {
  /** The best chunks, best first. */
  chunks: RetrievedChunk[];
  /** True when no chunk clears the relevance floor: too weak to answer from (the ranking is still returned). */
  belowFloor: boolean;
}

/** The dense list's weight: `auto` trusts a model embedder fully and the lexical `local` one little. */
export function denseWeight(settings: RetrievalSettings, embedder: Embedder): number {
  const weight = settings.fusion.denseWeight;
  if (weight !== 'auto') return weight;
  return embedder.id === 'local' ? 0.1 : 1;
}

/**
 * Hybrid retrieval over a version: the query's embedding searched in every segment, and the
 * query's terms in the BM25 index, `candidates` each, fused by weighted reciprocal rank. The
 * vector search returns ids and scores only; the `k` chunks kept are then read by id in one
 * request per segment (on Chroma a third of the cost of returning every candidate's text).
 * `belowFloor` tells whether any of the `k` clears the relevance floor; answering says "I don't
 * know" when none does. With `where`, both searches keep only chunks whose metadata matches.
 */
export async function retrieve(
  target: SearchTarget,
  query: string,
  k: number,
  settings: RetrievalSettings = DEFAULT_RETRIEVAL,
  where?: MetadataFilter,
): Promise<Retrieval> {
  const candidates = Math.max(settings.candidates, k);
  const [embedding] = await embedMany(target.embedder, [query]);
  // BM25 runs here, in this process, while the store answers the vector search: one turn of the
  // event loop first, so the search request is on the wire before BM25 takes the thread.
  const searching = embedding ? searchSegments(target.store, target.segments, embedding, candidates, where) : null;
  searching?.catch(() => undefined);
  if (searching) await new Promise((resolve) => setImmediate(resolve));
  const lexical = target.lexical?.search(query, { limit: candidates, ...(where ? { where } : {}) }) ?? [];
  const dense = (await searching) ?? [];
  const fused = fuse(dense, lexical, settings, denseWeight(settings, target.embedder)).slice(0, k);
  const segmentOf = new Map(dense.map((hit) => [hit.id, hit.segment]));
  const ids = fused.map((entry) => entry.id);
  const known = new Map<string, Chunk>();
  for (const chunk of await getLiveChunks(target.store, target.segments, ids, segmentOf)) known.set(chunk.id, chunk);

  const chunks = fused.flatMap((entry): RetrievedChunk[] => {
    const chunk = known.get(entry.id);
    return chunk
      ? [{ id: chunk.id, text: chunk.text, metadata: chunk.metadata, score: entry.score, signals: entry.signals }]
      : [];
  });
  return { chunks, belowFloor: chunks.length > 0 && !clearsFloor(chunks, settings, target.lexical !== null) };
}

interface FusedEntry {
  id: string;
  score: number;
  signals: RetrievedChunk['signals'];
}

/** Weighted reciprocal rank fusion; ties broken by id, so equal inputs rank alike everywhere. */
function fuse(
  dense: readonly ScoredId[],
  lexical: readonly LexicalHit[],
  settings: RetrievalSettings,
  weightOfDense: number,
): FusedEntry[] {
  const { rrfK, lexicalWeight } = settings.fusion;
  const weights = (dense.length > 0 ? weightOfDense : 0) + (lexical.length > 0 ? lexicalWeight : 0);
  const best = weights / (rrfK + 1) || 1;
  const entries = new Map<string, FusedEntry>();
  const entry = (id: string): FusedEntry => {
    let found = entries.get(id);
    if (!found) {
      found = { id, score: 0, signals: { similarity: null, bm25: null, coverage: 0 } };
      entries.set(id, found);
    }
    return found;
  };
  dense.forEach((chunk, rank) => {
    const found = entry(chunk.id);
    found.score += weightOfDense / (rrfK + rank + 1);
    found.signals.similarity = chunk.score;
  });
  lexical.forEach((hit, rank) => {
    const found = entry(hit.id);
    found.score += lexicalWeight / (rrfK + rank + 1);
    found.signals.bm25 = hit.score;
    found.signals.coverage = hit.coverage;
  });
  return [...entries.values()]
    .map((found) => ({ ...found, score: found.score / best }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

function clearsFloor(chunks: readonly RetrievedChunk[], settings: RetrievalSettings, hasLexical: boolean): boolean {
  const { coverage, similarity } = settings.relevanceFloor;
  if (similarity !== null && chunks.some((chunk) => (chunk.signals.similarity ?? -1) >= similarity)) return true;
  // Without a lexical index there is no coverage to judge; only a similarity floor can refuse.
  if (!hasLexical) return similarity === null;
  return chunks.some((chunk) => chunk.signals.coverage >= coverage);
}
