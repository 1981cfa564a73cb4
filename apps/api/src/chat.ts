import { randomBytes } from 'node:crypto';
import type { GuardrailSettings, MetadataFilter, RetrievalSettings, ScoredChunk } from '@ragship/core';
import {
  DONT_KNOW_ANSWER,
  retrieve,
  toCitations,
  type Answerer,
  type ChatTurn,
  type Citation,
  type RetrievedChunk,
} from '@ragship/retrieval';
import { applyChunkPolicy, fetchCount, redactCitations, redactPieces, redactText } from './guardrails.js';
import type { ServedIndex } from './served-index.js';

/** The body of a `POST /v1/chat` answer (without `environment`, added by the route). */
export interface ChatAnswer {
  answer: string;
  citations: Citation[];
  kb: string;
  indexVersion: string;
  model: string;
  /** The prompt template's version for LLM answerers; null for the extractive one. */
  promptVersion: string | null;
  traceId: string;
}

/** How chunks are retrieved and what answering may use of them. */
export interface AnswerPolicy {
  guardrails: GuardrailSettings;
  retrieval: RetrievalSettings;
}

/** A question with its retrieved chunks, ready to be answered whole or streamed. */
export interface PreparedAnswer {
  chunks: RetrievedChunk[];
  /** No chunk cleared the relevance floor: the answer is "I don't know", whatever the answerer. */
  belowFloor: boolean;
  /** Everything of the answer but its text. */
  meta: Omit<ChatAnswer, 'answer'>;
}

/** The `k` best chunks of the served version for `query`, after the flagged-chunk policy and the relevance floor. */
export async function retrieveGuarded(
  index: ServedIndex,
  policy: AnswerPolicy,
  query: string,
  k: number,
  where?: MetadataFilter,
): Promise<{ chunks: RetrievedChunk[]; belowFloor: boolean }> {
  const found = await retrieve(index, query, fetchCount(policy.guardrails, k), policy.retrieval, where);
  return { chunks: applyChunkPolicy(found.chunks, policy.guardrails, k), belowFloor: found.belowFloor };
}

/** Retrieves the `k` best chunks of the served version for `question`. */
export async function prepareAnswer(
  index: ServedIndex,
  answerer: Answerer,
  policy: AnswerPolicy,
  request: { question: string; k: number; filter?: MetadataFilter | undefined },
): Promise<PreparedAnswer> {
  const retrieved = await retrieveGuarded(index, policy, request.question, request.k, request.filter);
  // Under the floor the answer is "I don't know" and cites nothing.
  const chunks = retrieved.belowFloor ? [] : retrieved.chunks;
  return {
    chunks,
    belowFloor: retrieved.belowFloor,
    meta: {
      citations: redactCitations(policy.guardrails, toCitations(chunks)),
      kb: index.kb,
      indexVersion: index.manifest.version,
      model: answerer.id,
      promptVersion: answerer.promptVersion ?? null,
      traceId: randomBytes(16).toString('hex'),
    },
  };
}

/** Retrieves and answers with citations in one go. */
export async function answerQuestion(
  index: ServedIndex,
  answerer: Answerer,
  policy: AnswerPolicy,
  request: { question: string; k: number; filter?: MetadataFilter | undefined; signal?: AbortSignal },
): Promise<ChatAnswer> {
  const prepared = await prepareAnswer(index, answerer, policy, request);
  if (prepared.belowFloor) return { ...prepared.meta, answer: DONT_KNOW_ANSWER };
  const { text } = await answerer.answer({
    question: request.question,
    chunks: prepared.chunks,
    signal: request.signal,
  });
  return { ...prepared.meta, answer: redactText(policy.guardrails, text) };
}

/**
 * The answer's pieces as they are generated (an answerer that cannot stream yields its answer
 * in words), redacted when the guardrails ask for it.
 */
export function answerPieces(
  answerer: Answerer,
  guardrails: GuardrailSettings,
  request: { question: string; chunks: readonly ScoredChunk[]; signal: AbortSignal },
): AsyncIterable<string> {
  return redactPieces(guardrails, generate(answerer, request));
}

async function* generate(
  answerer: Answerer,
  request: { question: string; chunks: readonly ScoredChunk[]; signal: AbortSignal },
): AsyncIterable<string> {
  if (answerer.stream) {
    yield* answerer.stream(request);
    return;
  }
  const { text } = await answerer.answer(request);
  yield* text.match(/\S+\s*/g) ?? [];
}

/**
 * The question to retrieve and answer with: as asked when there is no history; rewritten to
 * stand alone by an answerer that can condense (an LLM); else the last user turn and the question
 * together, so a follow-up such as "and how do I undo it?" still finds its topic.
 */
export async function standaloneQuestion(
  answerer: Answerer,
  request: { question: string; history?: readonly ChatTurn[] | undefined; signal?: AbortSignal },
): Promise<string> {
  const history = request.history ?? [];
  if (history.length === 0) return request.question;
  if (answerer.condense) return answerer.condense({ question: request.question, history, signal: request.signal });
  const lastUser = history.findLast((turn) => turn.role === 'user');
  return lastUser ? `${lastUser.content.slice(0, 1000)} ${request.question}` : request.question;
}
