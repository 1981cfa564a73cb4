import { formatIndexRef, type Manifest } from '@ragship/core';
import type { Embedder } from '@ragship/embeddings';
import type { Registry } from '@ragship/registry';
import { withScope } from '@ragship/telemetry';
import type { VectorStore } from '@ragship/vector-store';
import { answerQuestion, streamAnswer } from './answer-question.js';
import { retrieveGuarded } from './retrieve-guarded.js';
import type { Retrieval, SearchTarget } from './retriever.js';
import { openSearchTarget } from './search-target.js';
import {
  settle,
  traceScope,
  type AnswerOptions,
  type AnswerSink,
  type ChatAnswer,
  type RetrieveOptions,
} from './serving-options.js';

/**
 * One version ready to search and answer from, as serving holds it (and `ragship eval` measures
 * it). Every call applies the guardrails (`options.guardrails`) and is traced (`options.tracing`)
 * with the version's kb and index version on its spans.
 */
export interface ServedIndex extends SearchTarget {
  kb: string;
  version: number;
  /** `docs@v7`, for the `X-Index-Version` header. */
  ref: string;
  manifest: Manifest;
  /**
   * The best `k` chunks for the query, in a RETRIEVER span: the query screened as a question
   * (a refusal throws `QUESTION_REFUSED`), instruction-like chunks left out or down-ranked, text
   * redacted when the guardrails ask for it; `belowFloor` when none clears the relevance floor
   * (the ranking is still returned).
   */
  retrieve(options: RetrieveOptions): Promise<Retrieval>;
  /**
   * Answers with citations, in a `chat` CHAIN span whose trace id the answer carries: the
   * question screened (a refusal throws `QUESTION_REFUSED`), made to stand alone, the guarded
   * chunks retrieved, the answer generated from them, screened (a refusal throws
   * `ANSWER_REFUSED`), its links neutralised and redacted; "I don't know", citing nothing, when
   * they are below the relevance floor.
   */
  answer(options: AnswerOptions): Promise<ChatAnswer>;
  /** The same answer sent to `sink` as it is generated; resolves with the answer as sent. */
  stream(options: AnswerOptions, sink: AnswerSink): Promise<ChatAnswer>;
}

/**
 * Opens a version of `store` to serve: its segments, its stored BM25 index, and `embedder` (the one
 * its manifest names).
 */
export async function openServedIndex(
  registry: Registry,
  store: VectorStore,
  manifest: Manifest,
  version: number,
  embedder: Embedder,
): Promise<ServedIndex> {
  const target = await openSearchTarget(registry, store, manifest, version, embedder);
  const index: ServedIndex = {
    ...target,
    kb: manifest.kb,
    version,
    ref: formatIndexRef(manifest.kb, version),
    manifest,
    async retrieve(options) {
      const scope = traceScope(index, options);
      const { chunks, belowFloor } = await withScope(scope, () =>
        retrieveGuarded(index, settle(options), { screenQuery: true }),
      );
      return { chunks, belowFloor };
    },
    answer: (options) => answerQuestion(index, settle(options)),
    stream: (options, sink) => streamAnswer(index, settle(options), sink),
  };
  return index;
}
