import type { Embedder } from '../embedder.js';
import { wrapEmbed } from '../wrap-embed.js';

/** An embedder that counts what reaches the one it wraps. */
export interface CountingEmbedder extends Embedder {
  /** `embed` calls so far. */
  readonly calls: number;
  /** Texts passed to `embed` so far. */
  readonly texts: number;
  /** Sets both counters back to 0. */
  reset(): void;
}

/**
 * Wraps `inner`, counting calls and texts, so a test can assert "zero embedding calls" after a
 * cached or incremental run. Same id, dimensions and batch size as `inner`.
 */
export function countingEmbedder(inner: Embedder): CountingEmbedder {
  let calls = 0;
  let texts = 0;
  const counted = wrapEmbed(inner, (batch, options) => {
    calls += 1;
    texts += batch.length;
    return inner.embed(batch, options);
  });
  return {
    ...counted,
    get calls() {
      return calls;
    },
    get texts() {
      return texts;
    },
    reset() {
      calls = 0;
      texts = 0;
    },
  };
}
