import { Router, type Response } from 'express';
import type { GuardrailSettings, RetrievalSettings } from '@ragship/core';
import { DONT_KNOW_ANSWER, type Answerer } from '@ragship/retrieval';
import { answerPieces, answerQuestion, prepareAnswer, standaloneQuestion, type PreparedAnswer } from '../chat.js';
import { errorBody, toHttpError } from '../error-handler.js';
import { parseBody } from '../parse-body.js';
import { chatRequestSchema } from '../request-schemas.js';
import type { ServedIndexResolver } from '../served-index.js';

/** `POST /v1/chat`: answer with citations, as JSON or as Server-Sent Events. */
export function chatRoute(deps: {
  resolver: ServedIndexResolver;
  answerer: Answerer;
  environment: string;
  defaultKb: string;
  defaultK: number;
  guardrails: GuardrailSettings;
  retrieval: RetrievalSettings;
}): Router {
  const router = Router();
  router.post('/v1/chat', async (request, response) => {
    const body = parseBody(chatRequestSchema, request.body);
    const index = await deps.resolver.resolve(body.kb ?? deps.defaultKb);
    response.setHeader('X-Index-Version', index.ref);
    // A client that goes away cancels the answer, and with it any upstream LLM request.
    const abort = new AbortController();
    response.on('close', () => abort.abort());
    const question = await standaloneQuestion(deps.answerer, { ...body, signal: abort.signal });
    const request_ = { question, k: body.k ?? deps.defaultK, filter: body.filter, signal: abort.signal };
    if (body.stream) {
      const prepared = await prepareAnswer(index, deps.answerer, deps, request_);
      await streamAnswer(response, prepared, deps, { question, signal: abort.signal });
      return;
    }
    const answer = await answerQuestion(index, deps.answerer, deps, request_);
    response.json({ ...answer, environment: deps.environment });
  });
  return router;
}

/**
 * Sends the answer as Server-Sent Events: `meta` (citations, version, model, prompt version)
 * first, a `token` per generated piece as it arrives, then `done` with the whole answer — or
 * `error` in the contract's error shape when generation fails after the stream has started.
 */
async function streamAnswer(
  response: Response,
  prepared: PreparedAnswer,
  deps: { answerer: Answerer; environment: string; guardrails: GuardrailSettings },
  request: { question: string; signal: AbortSignal },
): Promise<void> {
  response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  response.setHeader('Cache-Control', 'no-cache');
  response.flushHeaders();
  const send = (event: string, data: unknown) => response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('meta', { ...prepared.meta, environment: deps.environment });
  let answer = '';
  const pieces = prepared.belowFloor
    ? [DONT_KNOW_ANSWER]
    : answerPieces(deps.answerer, deps.guardrails, { ...request, chunks: prepared.chunks });
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
}
