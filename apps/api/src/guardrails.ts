import { findPii, redactPii, type GuardrailSettings, type ScoredChunk } from '@ragship/core';
import type { Citation } from '@ragship/retrieval';

/** The defaults of `guardrails` in the config: down-rank instruction-like chunks, keep personal data. */
export const DEFAULT_GUARDRAILS: GuardrailSettings = {
  instructionChunks: 'downrank',
  downrankFactor: 0.5,
  redactPii: false,
};

/** How many chunks to fetch for `k`, so excluding or down-ranking flagged ones still leaves `k`. */
export function fetchCount(settings: GuardrailSettings, k: number): number {
  return settings.instructionChunks === 'allow' ? k : Math.min(k * 2, 100);
}

function isInstructionLike(chunk: ScoredChunk): boolean {
  return chunk.metadata.flags.split(',').includes('instructions');
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
  if (settings.instructionChunks === 'exclude') return chunks.filter((chunk) => !isInstructionLike(chunk)).slice(0, k);
  return chunks
    .map((chunk) => (isInstructionLike(chunk) ? { ...chunk, score: chunk.score * settings.downrankFactor } : chunk))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

/** `text` with personal data replaced by placeholders, when the settings ask for it. */
export function redactText(settings: GuardrailSettings, text: string): string {
  return settings.redactPii ? redactPii(text, findPii(text)) : text;
}

/** Citations with their snippets redacted, when the settings ask for it. */
export function redactCitations(settings: GuardrailSettings, citations: Citation[]): Citation[] {
  if (!settings.redactPii) return citations;
  return citations.map((citation) => ({ ...citation, snippet: redactText(settings, citation.snippet) }));
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
