import type { ScoredChunk } from '@ragship/core';
import { isInstructionLike } from '@ragship/prompt-injection';

/**
 * Whether a chunk holds text aimed at a model: ingestion flagged it (`instructions`), or the
 * injection detector finds something in it now (a version ingested with `validation.instructions:
 * off`, or before the detector knew the phrasing).
 */
export function isUntrustedChunk(chunk: ScoredChunk): boolean {
  return isFlaggedInstructions(chunk) || isInstructionLike(chunk.text);
}

/** Whether ingestion flagged the chunk's document as addressing a model. */
export function isFlaggedInstructions(chunk: ScoredChunk): boolean {
  return (chunk.metadata.flags ?? '').split(',').includes('instructions');
}
