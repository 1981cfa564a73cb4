import type { GuardrailSettings, ScoredChunk } from '@ragship/core';
import { findPii, redactPii } from '@ragship/pii';
import { toCitations, type Citation } from './citation.js';
import type { Retrieval, RetrievedChunk } from './retriever.js';
import { isFlaggedInstructions } from './untrusted-chunk.js';

/** A retrieval after the guardrails: what may be shown of it, and what may be answered from. */
export interface GuardedRetrieval extends Retrieval {
  /**
   * The best `k` chunks after the flagged-chunk policy, best first, their text redacted when the
   * settings ask for it.
   */
  chunks: RetrievedChunk[];
  /** What the answerer reads: the same chunks as stored, none when the retrieval is below the relevance floor. */
  sources: RetrievedChunk[];
  /** `sources` numbered `[1]…[k]`, their snippets redacted when the settings ask for it. */
  citations: Citation[];
}

/**
 * The guardrails over one retrieval, in one pass: chunks flagged as instruction-like left out or
 * down-ranked and the best `k` kept; below the relevance floor nothing to answer from (the answer
 * is "I don't know" and cites nothing); personal data redacted in everything shown (chunk text,
 * citation snippets). `found` holds {@link fetchCount} chunks, so the policy still leaves `k`.
 */
export function guardRetrieval(settings: GuardrailSettings, found: Retrieval, k: number): GuardedRetrieval {
  const ranked = applyChunkPolicy(found.chunks, settings, k);
  const sources = found.belowFloor ? [] : ranked;
  return {
    chunks: settings.redactPii ? ranked.map((chunk) => ({ ...chunk, text: redactText(settings, chunk.text) })) : ranked,
    belowFloor: found.belowFloor,
    sources,
    citations: redactCitations(settings, toCitations(sources)),
  };
}

/** How many chunks to fetch for `k`, so excluding or down-ranking flagged ones still leaves `k`. */
export function fetchCount(settings: GuardrailSettings, k: number): number {
  return settings.instructionChunks === 'allow' ? k : Math.min(k * 2, 100);
}

/**
 * Applies the policy for chunks ingestion flagged as addressing a model: leaves them out, or
 * multiplies their score by `downrankFactor` and re-sorts, or leaves them be. Returns the best `k`.
 */
export function applyChunkPolicy<T extends ScoredChunk>(
  chunks: readonly T[],
  settings: GuardrailSettings,
  k: number,
): T[] {
  if (settings.instructionChunks === 'allow') return chunks.slice(0, k);
  if (settings.instructionChunks === 'exclude')
    return chunks.filter((chunk) => !isFlaggedInstructions(chunk)).slice(0, k);
  return chunks
    .map((chunk) => (isFlaggedInstructions(chunk) ? { ...chunk, score: chunk.score * settings.downrankFactor } : chunk))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

/** `text` with personal data replaced by placeholders, when the settings ask for it. */
export function redactText(settings: GuardrailSettings, text: string): string {
  return settings.redactPii ? redactPii(text, findPii(text)) : text;
}

/** Citations with their snippets and texts redacted, when the settings ask for it. */
function redactCitations(settings: GuardrailSettings, citations: Citation[]): Citation[] {
  if (!settings.redactPii) return citations;
  return citations.map((citation) => ({
    ...citation,
    snippet: redactText(settings, citation.snippet),
    text: redactText(settings, citation.text),
  }));
}

/**
 * Streamed answer pieces with personal data redacted: with redaction on, text is held back
 * until a line or sentence ends (an email or card number never spans one), then redacted and
 * released; the rest is released at the end.
 */
export async function* redactPieces(settings: GuardrailSettings, pieces: AsyncIterable<string>): AsyncIterable<string> {
  if (!settings.redactPii) {
    yield* pieces;
    return;
  }
  let held = '';
  for await (const piece of pieces) {
    held += piece;
    const boundary = Math.max(held.lastIndexOf('\n'), ...['. ', '! ', '? ', '] '].map((end) => held.lastIndexOf(end)));
    if (boundary < 0) continue;
    const ready = held.slice(0, boundary + 1);
    held = held.slice(boundary + 1);
    yield redactText(settings, ready);
  }
  if (held) yield redactText(settings, held);
}
