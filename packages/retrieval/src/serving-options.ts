import {
  DEFAULT_GUARDRAILS,
  DEFAULT_RETRIEVAL,
  type GuardrailSettings,
  type MetadataFilter,
  type RetrievalSettings,
} from '@ragship/core';
import { TRACING_OFF, type TraceScope, type Tracing } from '@ragship/telemetry';
import type { ChatTurn } from './answer-prompt.js';
import type { Answerer } from './answerer.js';
import type { Citation } from './citation.js';
import type { RetrievedChunk } from './retriever.js';
import type { ScreenFinding } from './screening/screen-refusal.js';
import type { ServedIndex } from './served-index.js';

/**
 * What every call on a {@link ServedIndex} may share: the settings from the config, where it is
 * traced, and hooks for metrics. A caller builds it once and spreads it into each call.
 */
export interface ServingOptions {
  /**
   * Flagged-chunk policy, redaction of personal data, the question and answer screens. Default
   * `DEFAULT_GUARDRAILS` (the config's defaults).
   */
  guardrails?: GuardrailSettings | undefined;
  /** Hybrid retrieval settings. Default `DEFAULT_RETRIEVAL` (the config's defaults). */
  retrieval?: RetrievalSettings | undefined;
  /** Where calls are traced (OpenInference spans). Default: off. */
  tracing?: Tracing | undefined;
  /** The environment serving, recorded on every span as `ragship.environment`. */
  environment?: string | undefined;
  /** Called after every retrieval (an answer's too), before answering. */
  onRetrieval?: ((observation: RetrievalObservation) => void) | undefined;
  /** Called when an answer starts, with the trace it is recorded in: how feedback finds the answer later. */
  onAnswerStart?: ((start: AnswerStart) => void) | undefined;
  /** Called when an answer is complete; a streamed one as it was sent, also when generation failed part-way. */
  onAnswer?: ((observation: AnswerObservation) => void) | undefined;
  /**
   * Called for each thing the question or answer screen finds that the guardrails flag or refuse
   * (`guardrails.questions`, `guardrails.answers`), once per check and target, before a refusal is thrown.
   */
  onScreen?: ((observation: ScreenObservation) => void) | undefined;
}

/** A call of {@link ServedIndex.retrieve}. */
export interface RetrieveOptions extends ServingOptions {
  query: string;
  /** How many chunks to return. */
  k: number;
  /** Only chunks whose metadata matches, in both searches. */
  filter?: MetadataFilter | undefined;
}

/** A call of {@link ServedIndex.answer} or {@link ServedIndex.stream}. */
export interface AnswerOptions extends ServingOptions {
  answerer: Answerer;
  question: string;
  /** Earlier turns of the conversation: a follow-up question is made to stand alone before retrieval. */
  history?: readonly ChatTurn[] | undefined;
  /** How many chunks to answer from (and cite at most). */
  k: number;
  /** Only chunks whose metadata matches, in both searches. */
  filter?: MetadataFilter | undefined;
  /** Aborting cancels the answer, and with it any upstream LLM request. */
  signal?: AbortSignal | undefined;
}

/** An answer with its citations: the body of a `POST /v1/chat` answer without `environment`. */
export interface ChatAnswer {
  answer: string;
  citations: Citation[];
  kb: string;
  /** `v7`. */
  indexVersion: string;
  /** The answerer's id, e.g. `extractive` or `openai:gpt-4o-mini`. */
  model: string;
  /** The prompt template's version for LLM answerers; null for the extractive one. */
  promptVersion: string | null;
  /** The trace the answer is recorded in (random when tracing is off). */
  traceId: string;
}

/** Everything of an answer but its text: what a stream sends first. */
export type AnswerMeta = Omit<ChatAnswer, 'answer'>;

/** Where {@link ServedIndex.stream} sends an answer as it is generated. */
export interface AnswerSink {
  /** First, once retrieval is done. */
  meta(meta: AnswerMeta): void;
  /** Each piece of the answer's text, in order, redacted as answers are. */
  token(text: string): void;
  /** Last, with the whole answer. */
  done(answer: string): void;
  /** Last instead of `done`, when generation fails after `meta` was sent (before that, `stream` rejects). */
  error(error: unknown): void;
}

/** What one retrieval found, for metrics and drift monitoring. */
export interface RetrievalObservation {
  index: ServedIndex;
  query: string;
  /** As the caller gets them: after the guardrails, best first. */
  chunks: readonly RetrievedChunk[];
  belowFloor: boolean;
}

/** An answer starting, in the trace whose id it will carry. */
export interface AnswerStart {
  index: ServedIndex;
  traceId: string;
  /** The `chat` span's id when traced; null when tracing is off. */
  spanId: string | null;
}

/** A screen's finding on a question or answer to a served version. */
export interface ScreenObservation extends ScreenFinding {
  index: ServedIndex;
}

/** An answer as given. */
export interface AnswerObservation {
  index: ServedIndex;
  answer: string;
  /** The answer is "I don't know". */
  dontKnow: boolean;
}

/** What every span of a call is about: `ragship.kb`, `ragship.index_version`, `ragship.environment`. */
export function traceScope(index: ServedIndex, options: ServingOptions): TraceScope {
  return { kb: index.kb, indexVersion: index.manifest.version, environment: options.environment };
}

/** Options with their defaults filled in. */
export type Settled<Options extends ServingOptions> = Options & {
  guardrails: GuardrailSettings;
  retrieval: RetrievalSettings;
  tracing: Tracing;
};

/** `options` with the config's default guardrails and retrieval settings, and tracing off, where they give none. */
export function settle<Options extends ServingOptions>(options: Options): Settled<Options> {
  return {
    ...options,
    guardrails: options.guardrails ?? DEFAULT_GUARDRAILS,
    retrieval: options.retrieval ?? DEFAULT_RETRIEVAL,
    tracing: options.tracing ?? TRACING_OFF,
  };
}
