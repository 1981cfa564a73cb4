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
  const tokens = tokenize(text);
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as string;
    counts.set(token, (counts.get(token) ?? 0) + 1);
    const next = tokens[index + 1];
    if (next !== undefined) {
      const bigram = `${token} ${next}`;
      counts.set(bigram, (counts.get(bigram) ?? 0) + 0.5);
    }
  }
  const vector = new Array<number>(dimensions).fill(0);
  for (const [feature, count] of counts) {
    const hash = fnv1a(feature);
    const sign = (hash & 0x80000000) === 0 ? 1 : -1;
    const slot = (hash & 0x7fffffff) % dimensions;
    vector[slot] = (vector[slot] as number) + sign * (1 + Math.log(count));
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
