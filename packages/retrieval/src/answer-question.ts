import {
  inSpan,
  inputAttributes,
  outputAttributes,
  SpanKind,
  spanIdOf,
  traceIdOf,
  withScope,
} from '@ragship/telemetry';
import { DONT_KNOW_ANSWER } from './extractive-answerer.js';
import { generateAnswer, generatePieces } from './generate-answer.js';
import { redactPieces, redactText, type GuardedRetrieval } from './guardrails.js';
import { retrieveGuarded } from './retrieve-guarded.js';
import type { AnswerScreen } from './screening/screen-answer.js';
import { answerScreenOf, screenCallQuestion } from './screened-call.js';
import type { ServedIndex } from './served-index.js';
import {
  traceScope,
  type AnswerMeta,
  type AnswerOptions,
  type AnswerSink,
  type ChatAnswer,
  type Settled,
} from './serving-options.js';
import { standaloneQuestion } from './standalone-question.js';

/**
 * Answers in one go: the text generated from the guarded chunks, screened, its links neutralised,
 * redacted; "I don't know" below the relevance floor.
 */
export function answerQuestion(index: ServedIndex, options: Settled<AnswerOptions>): Promise<ChatAnswer> {
  return inChatSpan(index, options, async ({ question, guarded, screen }) => {
    if (guarded.belowFloor) return DONT_KNOW_ANSWER;
    const text = await generateAnswer(options.answerer, options.tracing, {
      question,
      chunks: guarded.sources,
      signal: options.signal,
    });
    return redactText(options.guardrails, screen.text(text));
  });
}

/**
 * Answers piece by piece into `sink`: `meta` once retrieval is done, a `token` per screened and
 * redacted piece, then `done`; a generation failure or a refused answer after `meta` goes to
 * `sink.error`. Resolves with the answer as sent.
 */
export function streamAnswer(
  index: ServedIndex,
  options: Settled<AnswerOptions>,
  sink: AnswerSink,
): Promise<ChatAnswer> {
  return inChatSpan(index, options, async ({ question, guarded, meta, screen }) => {
    sink.meta(meta);
    const pieces = guarded.belowFloor
      ? [DONT_KNOW_ANSWER]
      : redactPieces(
          options.guardrails,
          screen.pieces(
            generatePieces(options.answerer, options.tracing, {
              question,
              chunks: guarded.sources,
              signal: options.signal,
            }),
          ),
        );
    let answer = '';
    try {
      for await (const piece of pieces) {
        answer += piece;
        sink.token(piece);
      }
      sink.done(answer);
    } catch (error) {
      sink.error(error);
    }
    return answer;
  });
}

/**
 * What is known of an answer before its text: the question it answers, the guarded retrieval, the
 * rest of the answer.
 */
interface PreparedAnswer {
  /** The question made to stand alone. */
  question: string;
  guarded: GuardedRetrieval;
  meta: AnswerMeta;
  /** The screen the answer goes through before it is sent. */
  screen: AnswerScreen;
}

/**
 * The stages every answer goes through around its generation, in one `chat` CHAIN span whose
 * trace id the answer carries: the question and its history screened, the question made to stand
 * alone, guarded retrieval (a RETRIEVER span), then `generate`, then the `onAnswer` hook and the
 * answer on the span.
 */
function inChatSpan(
  index: ServedIndex,
  options: Settled<AnswerOptions>,
  generate: (prepared: PreparedAnswer) => Promise<string>,
): Promise<ChatAnswer> {
  const { tracing } = options;
  return withScope(traceScope(index, options), () =>
    inSpan(tracing, 'chat', SpanKind.CHAIN, inputAttributes(tracing, options.question), async (span) => {
      const traceId = traceIdOf(span);
      options.onAnswerStart?.({ index, traceId, spanId: spanIdOf(span) });
      screenCallQuestion(index, options, span, options.question, options.history);
      const question = await standaloneQuestion(options.answerer, options);
      const guarded = await retrieveGuarded(index, { ...options, query: question });
      const meta: AnswerMeta = {
        citations: guarded.citations,
        kb: index.kb,
        indexVersion: index.manifest.version,
        model: options.answerer.id,
        promptVersion: options.answerer.promptVersion ?? null,
        traceId,
      };
      const screen = answerScreenOf(index, options, span, guarded.citations);
      const answer = await generate({ question, guarded, meta, screen });
      options.onAnswer?.({ index, answer, dontKnow: answer === DONT_KNOW_ANSWER });
      span.setAttributes(outputAttributes(tracing, answer));
      return { ...meta, answer };
    }),
  );
}
