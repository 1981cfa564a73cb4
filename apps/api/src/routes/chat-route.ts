import { Router, type Response } from 'express';
import type { GuardrailSettings, RetrievalSettings } from '@ragship/core';
import { DONT_KNOW_ANSWER, type Answerer } from '@ragship/retrieval';
import {
  inSpan,
  inputAttributes,
  outputAttributes,
  SpanKind,
  spanIdOf,
  traceIdOf,
  withScope,
  type Tracing,
} from '@ragship/telemetry';
import type { ApiMetrics } from '../api-metrics.js';
import {
  answerPieces,
  answerQuestion,
  prepareAnswer,
  standaloneQuestion,
  type AnswerPolicy,
  type PreparedAnswer,
} from '../chat.js';
import { errorBody, toHttpError } from '../error-handler.js';
import { parseBody } from '../parse-body.js';
import { chatRequestSchema } from '../request-schemas.js';
import type { RecentAnswers } from '../recent-answers.js';
import type { KbChooser } from '../request-kb.js';
import type { ServedIndexResolver } from '../served-index.js';

/** `POST /v1/chat`: answer with citations, as JSON or as Server-Sent Events. */
export function chatRoute(deps: {
  resolver: ServedIndexResolver;
  answerer: Answerer;
  environment: string;
  /** The kb of a request: its own, else the default or the only served one. */
  kbOf: KbChooser;
  defaultK: number;
  guardrails: GuardrailSettings;
  retrieval: RetrievalSettings;
  tracing: Tracing;
  onRetrieval?: AnswerPolicy['onRetrieval'];
  metrics: Pick<ApiMetrics, 'recordAnswer'>;
  /** Where each answer's trace is remembered for feedback. */
  answers: RecentAnswers;
}): Router {
  const router = Router();
  router.post('/v1/chat', async (request, response) => {
    const body = parseBody(chatRequestSchema, request.body);
    const index = await deps.resolver.resolve(await deps.kbOf(body.kb));
    response.setHeader('X-Index-Version', index.ref);
    const { tracing } = deps;
    const scope = { kb: index.kb, indexVersion: index.manifest.version, environment: deps.environment };
    // One CHAIN span per chat request, its trace id returned as `traceId`; retrieval, the query
    // embedding and any LLM call are spans under it.
    await withScope(scope, () =>
      inSpan(tracing, 'chat', SpanKind.CHAIN, inputAttributes(tracing, body.question), async (span) => {
        // A client that goes away cancels the answer, and with it any upstream LLM request.
        const abort = new AbortController();
        response.on('close', () => abort.abort());
        const question = await standaloneQuestion(deps.answerer, { ...body, signal: abort.signal });
        const request_ = {
          question,
          k: body.k ?? deps.defaultK,
          filter: body.filter,
          signal: abort.signal,
          traceId: traceIdOf(span),
        };
        deps.answers.remember(request_.traceId, {
          kb: index.kb,
          version: index.version,
          indexVersion: index.manifest.version,
          spanId: spanIdOf(span),
        });
        if (body.stream) {
          const prepared = await prepareAnswer(index, deps.answerer, deps, request_);
          const answer = await streamAnswer(response, prepared, deps, { question, signal: abort.signal });
          deps.metrics.recordAnswer({ kb: index.kb, indexVersion: index.ref, dontKnow: answer === DONT_KNOW_ANSWER });
          span.setAttributes(outputAttributes(tracing, answer));
          return;
        }
        const answer = await answerQuestion(index, deps.answerer, deps, request_);
        deps.metrics.recordAnswer({
          kb: index.kb,
          indexVersion: index.ref,
          dontKnow: answer.answer === DONT_KNOW_ANSWER,
        });
        span.setAttributes(outputAttributes(tracing, answer.answer));
        response.json({ ...answer, environment: deps.environment });
      }),
    );
  });
  return router;
}

/**
 * Sends the answer as Server-Sent Events: `meta` (citations, version, model, prompt version)
 * first, a `token` per generated piece as it arrives, then `done` with the whole answer — or
 * `error` in the contract's error shape when generation fails after the stream has started.
 * Resolves with the answer as sent.
 */
async function streamAnswer(
  response: Response,
  prepared: PreparedAnswer,
  deps: { answerer: Answerer; environment: string; guardrails: GuardrailSettings; tracing: Tracing },
  request: { question: string; signal: AbortSignal },
): Promise<string> {
  response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  response.setHeader('Cache-Control', 'no-cache');
  response.flushHeaders();
  const send = (event: string, data: unknown) => response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('meta', { ...prepared.meta, environment: deps.environment });
  let answer = '';
  const pieces = prepared.belowFloor
    ? [DONT_KNOW_ANSWER]
    : answerPieces(deps.answerer, deps, { ...request, chunks: prepared.chunks });
  try {
    for await (const piece of pieces) {
      answer += piece;
      send('token', { text: piece });
    }
    send('done', { answer });
  } catch (error) {
    if (!request.signal.aborted) {
      const { code, message } = toHttpError(error);
      send('error', errorBody(code, message, String(response.locals.requestId ?? '')).error);
    }
  }
  response.end();
  return answer;
}
