import type { Callbacks } from '@langchain/core/callbacks/manager';
import type { ScoredChunk } from '@ragship/core';
import type { ChatTurn } from './answer-prompt.js';

/** Input of {@link Answerer.answer}: the question and the retrieved chunks, best first. */
export interface AnswerRequest {
  question: string;
  chunks: readonly ScoredChunk[];
  signal?: AbortSignal;
  /** LangChain callbacks for the model calls (LLM answerers), e.g. token and latency metrics. */
  callbacks?: Callbacks;
}

/** Writes an answer from retrieved chunks, citing chunk `i` (0-based rank) as `[i + 1]`. */
export interface Answerer {
  /** Answerer id as configured: `extractive`, `openai:<model>`, … Reported as `model`. */
  readonly id: string;
  /** The prompt template's version, for answerers that fill one (LLMs); reported with answers. */
  readonly promptVersion?: string;
  /** The prompt template's text, recorded with the version on LLM spans. */
  readonly promptTemplate?: string;
  answer(request: AnswerRequest): Promise<{ text: string }>;
  /**
   * Rewrites a follow-up question into one that stands alone, given the earlier turns (LLM
   * answerers). Answerers without it retrieve with the last user turn and the question joined.
   */
  condense?(request: {
    question: string;
    history: readonly ChatTurn[];
    signal?: AbortSignal;
    callbacks?: Callbacks;
  }): Promise<string>;
  /** The answer as it is generated, piece by piece; answerers without it are streamed whole. */
  stream?(request: AnswerRequest): AsyncIterable<string>;
}
