import { Router, type Response } from 'express';
import type { Answerer } from '@ragship/retrieval';
import { answerQuestion, type ChatAnswer } from '../chat.js';
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
}): Router {
  const router = Router();
  router.post('/v1/chat', async (request, response) => {
    const body = parseBody(chatRequestSchema, request.body);
    const index = await deps.resolver.resolve(body.kb ?? deps.defaultKb);
    response.setHeader('X-Index-Version', index.ref);
    const abort = new AbortController();
    response.on('close', () => abort.abort());
    const answer = await answerQuestion(index, deps.answerer, {
      question: body.question,
      k: body.k ?? deps.defaultK,
      signal: abort.signal,
    });
    if (body.stream) {
      streamAnswer(response, answer, deps.environment);
      return;
    }
    response.json({ ...answer, environment: deps.environment });
  });
  return router;
}

/** Sends the answer as Server-Sent Events: `meta`, one `token` per word, `done`. */
function streamAnswer(response: Response, answer: ChatAnswer, environment: string): void {
  response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  response.setHeader('Cache-Control', 'no-cache');
  const send = (event: string, data: unknown) => response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('meta', {
    citations: answer.citations,
    kb: answer.kb,
    indexVersion: answer.indexVersion,
    environment,
    model: answer.model,
    traceId: answer.traceId,
  });
  for (const token of answer.answer.match(/\S+\s*/g) ?? []) send('token', { text: token });
  send('done', { answer: answer.answer });
  response.end();
}
