import { RagshipError } from '@ragship/core';
import { normalize } from './embed-many.js';
import type { Embedder } from './embedder.js';
import { tokenize } from './tokenize.js';

/** Options of {@link createLocalEmbedder}. */
export interface LocalEmbedderOptions {
  /** Vector length. Default 384. */
  dimensions?: number;
}

/**
 * The built-in offline embedder: feature hashing of stemmed terms and term bigrams with
 * sublinear term frequency, L2-normalised. Deterministic, no model weights, no network —
 * a lexical embedder, good enough for the embedded default and for tests; configure a real
 * model (`openai:…`, `ollama:…`) for semantic search.
 */
export function createLocalEmbedder(options: LocalEmbedderOptions = {}): Embedder {
  const dimensions = options.dimensions ?? 384;
  return {
    id: 'local',
    dimensions,
    maxBatchSize: 1024,
    embed: (texts) => Promise.resolve(texts.map((text) => embedText(text, dimensions))),
  };
}

function embedText(text: string, dimensions: number): number[] {
  const counts = new Map<string, number>();
  let previous: string | undefined;
  // Each token, then its bigram with the next: the bigram is counted on reaching that next token.
  for (const token of tokenize(text)) {
    if (previous !== undefined) {
      const bigram = `${previous} ${token}`;
      counts.set(bigram, (counts.get(bigram) ?? 0) + 0.5);
    }
    counts.set(token, (counts.get(token) ?? 0) + 1);
    previous = token;
  }
  const vector = new Array<number>(dimensions).fill(0);
  for (const [feature, count] of counts) {
    const hash = fnv1a(feature);
    const sign = (hash & 0x80000000) === 0 ? 1 : -1;
    const slot = (hash & 0x7fffffff) % dimensions;
    const value = vector[slot];
    if (value === undefined) {
      throw new RagshipError(
        'INTERNAL',
        `Feature slot ${slot} is outside the ${dimensions} dimensions of the local embedder.`,
      );
    }
    vector[slot] = value + sign * (1 + Math.log(count));
  }
  return normalize(vector);
}

/** 32-bit FNV-1a over UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
