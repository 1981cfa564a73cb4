/**
 * What drift monitoring measures of each retrieval: how well the best chunk matched (`top_score`,
 * the fused score of the top chunk; `top_similarity`, the best cosine similarity among the
 * chunks) and how much of the query the index knows (`coverage`, the best IDF-weighted share of
 * the query's terms one chunk holds). Questions from another domain score lower on all three.
 */
export const DRIFT_SIGNALS = ['top_score', 'top_similarity', 'coverage'] as const;

/** One of {@link DRIFT_SIGNALS}. */
export type DriftSignal = (typeof DRIFT_SIGNALS)[number];

/** The signals of one retrieval. */
export type SignalValues = Record<DriftSignal, number>;

/** The part of a retrieved chunk the signals are read from. */
export interface ScoredRetrieval {
  score: number;
  signals: { similarity: number | null; coverage: number };
}

/** The drift signals of one retrieval's chunks, best first; all 0 when nothing was found. */
export function driftSignals(chunks: readonly ScoredRetrieval[]): SignalValues {
  let similarity = 0;
  let coverage = 0;
  for (const chunk of chunks) {
    similarity = Math.max(similarity, chunk.signals.similarity ?? 0);
    coverage = Math.max(coverage, chunk.signals.coverage);
  }
  return { top_score: chunks[0]?.score ?? 0, top_similarity: similarity, coverage };
}
