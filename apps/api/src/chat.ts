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
import {
  inSpan,
  inputAttributes,
  retrievalAttributes,
  SpanKind,
  streamWithPromptTemplate,
  withPromptTemplate,
  type TracedPromptTemplate,
  type Tracing,
} from '@ragship/telemetry';
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

/** What one retrieval found, for metrics and drift monitoring. */
export interface RetrievalObservation {
  kb: string;
  version: number;
  /** `docs@v7`. */
  indexVersion: string;
  query: string;
  chunks: readonly RetrievedChunk[];
  belowFloor: boolean;
}

/** How chunks are retrieved, what answering may use of them, and where it is traced and observed. */
export interface AnswerPolicy {
  guardrails: GuardrailSettings;
  retrieval: RetrievalSettings;
  tracing: Tracing;
  /** Called after every retrieval, before answering. */
  onRetrieval?: (observation: RetrievalObservation) => void;
}

/** A question with its retrieved chunks, ready to be answered whole or streamed. */
export interface PreparedAnswer {
  chunks: RetrievedChunk[];
  /** No chunk cleared the relevance floor: the answer is "I don't know", whatever the answerer. */
  belowFloor: boolean;
  /** Everything of the answer but its text. */
  meta: Omit<ChatAnswer, 'answer'>;
}

/**
 * The `k` best chunks of the served version for `query`, after the flagged-chunk policy and the
 * relevance floor, in a RETRIEVER span that records them (redacted as answers are).
 */
export function retrieveGuarded(
  index: ServedIndex,
  policy: AnswerPolicy,
  query: string,
  k: number,
  where?: MetadataFilter,
): Promise<{ chunks: RetrievedChunk[]; belowFloor: boolean }> {
  const { tracing, guardrails } = policy;
  return inSpan(tracing, 'retrieve', SpanKind.RETRIEVER, inputAttributes(tracing, query), async (span) => {
    const found = await retrieve(index, query, fetchCount(guardrails, k), policy.retrieval, where);
    const chunks = applyChunkPolicy(found.chunks, guardrails, k);
    span.setAttributes({
      ...retrievalAttributes(
        chunks.map((chunk) => ({
          id: chunk.id,
          content: redactText(guardrails, chunk.text),
          score: chunk.score,
          metadata: { docId: chunk.metadata.docId, title: chunk.metadata.title, ...chunk.signals },
        })),
      ),
      'ragship.k': k,
      'ragship.below_floor': found.belowFloor,
    });
    policy.onRetrieval?.({
      kb: index.kb,
      version: index.version,
      indexVersion: index.ref,
      query,
      chunks,
      belowFloor: found.belowFloor,
    });
    return { chunks, belowFloor: found.belowFloor };
  });
}

/** Retrieves the `k` best chunks of the served version for `question`. */
export async function prepareAnswer(
  index: ServedIndex,
  answerer: Answerer,
  policy: AnswerPolicy,
  request: { question: string; k: number; filter?: MetadataFilter | undefined; traceId: string },
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
      traceId: request.traceId,
    },
  };
}

/** Retrieves and answers with citations in one go. */
export async function answerQuestion(
  index: ServedIndex,
  answerer: Answerer,
  policy: AnswerPolicy,
  request: { question: string; k: number; filter?: MetadataFilter | undefined; signal?: AbortSignal; traceId: string },
): Promise<ChatAnswer> {
  const prepared = await prepareAnswer(index, answerer, policy, request);
  if (prepared.belowFloor) return { ...prepared.meta, answer: DONT_KNOW_ANSWER };
  const { text } = await inPromptScope(policy.tracing, answerer, request.question, () =>
    answerer.answer({ question: request.question, chunks: prepared.chunks, signal: request.signal }),
  );
  return { ...prepared.meta, answer: redactText(policy.guardrails, text) };
}

/** The answerer's versioned prompt template as its LLM spans record it; none for the extractive answerer. */
function promptTemplateOf(answerer: Answerer, question: string): TracedPromptTemplate | null {
  if (!answerer.promptTemplate || !answerer.promptVersion) return null;
  return { template: answerer.promptTemplate, version: answerer.promptVersion, variables: { question } };
}

/** Runs `fn` with the answerer's prompt template in the trace context. */
function inPromptScope<T>(tracing: Tracing, answerer: Answerer, question: string, fn: () => T): T {
  const template = promptTemplateOf(answerer, question);
  return template ? withPromptTemplate(tracing, template, fn) : fn();
}

/**
 * The answer's pieces as they are generated (an answerer that cannot stream yields its answer
 * in words), redacted when the guardrails ask for it.
 */
export function answerPieces(
  answerer: Answerer,
  policy: Pick<AnswerPolicy, 'guardrails' | 'tracing'>,
  request: { question: string; chunks: readonly ScoredChunk[]; signal: AbortSignal },
): AsyncIterable<string> {
  return redactPieces(policy.guardrails, generate(answerer, policy.tracing, request));
}

async function* generate(
  answerer: Answerer,
  tracing: Tracing,
  request: { question: string; chunks: readonly ScoredChunk[]; signal: AbortSignal },
): AsyncIterable<string> {
  const stream = answerer.stream?.bind(answerer);
  if (stream) {
    const template = promptTemplateOf(answerer, request.question);
    const pieces = () => stream(request);
    yield* template ? streamWithPromptTemplate(tracing, template, pieces) : pieces();
    return;
  }
  const { text } = await inPromptScope(tracing, answerer, request.question, () => answerer.answer(request));
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
