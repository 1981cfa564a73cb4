import { Router, type Response } from 'express';
import type { AnswerSink, Answerer, ServingOptions } from '@ragship/retrieval';
import type { Logger } from 'pino';
import { errorBody, reportError, requestIdOf } from '../error-handler.js';
import type { AnswerLedger } from '../answer-ledger.js';
import { callerOf } from '../caller.js';
import { parseBody } from '../parse-body.js';
import { chatRequestSchema } from '../request-schemas.js';
import type { KbChooser } from '../request-kb.js';
import type { ServedIndexResolver } from '../served-index-resolver.js';

/** `POST /v1/chat`: answer with citations, as JSON or as Server-Sent Events. */
export function chatRoute(deps: {
  resolver: ServedIndexResolver;
  environment: string;
  /** The kb of a request: its own, else the default or the only served one. */
  kbOf: KbChooser;
  defaultK: number;
  /** How every request is answered: the answerer, the guardrails and retrieval settings, tracing and the hooks. */
  answering: ServingOptions & { answerer: Answerer };
  /** Where a stream's failure is logged, under the request id its error event carries. */
  logger: Logger;
  /** Where every answer's trace is recorded with who asked, so feedback names only answers given. */
  answers: AnswerLedger;
}): Router {
  const router = Router();
  router.post('/v1/chat', async (request, response) => {
    const body = parseBody(chatRequestSchema, request.body);
    const caller = callerOf(response);
    const index = await deps.resolver.resolve(await deps.kbOf(body.kb, caller, body.filter));
    response.setHeader('X-Index-Version', index.ref);
    // A client that goes away cancels the answer, and with it any upstream LLM request.
    const abort = new AbortController();
    response.on('close', () => abort.abort());
    const options = {
      ...deps.answering,
      question: body.question,
      history: body.history,
      k: body.k ?? deps.defaultK,
      filter: body.filter,
      signal: abort.signal,
      onAnswerStart: ({ traceId, spanId }: { traceId: string; spanId: string | null }) =>
        deps.answers.remember(traceId, {
          kb: index.kb,
          version: index.version,
          indexVersion: index.manifest.version,
          spanId,
          caller: caller.name,
        }),
    };
    if (body.stream) {
      await index.stream(options, serverSentEvents(response, deps, abort.signal));
      response.end();
      return;
    }
    response.json({ ...(await index.answer(options)), environment: deps.environment });
  });
  return router;
}

/**
 * Sends an answer as Server-Sent Events: `meta` (citations, version, model, prompt version)
 * first, a `token` per generated piece as it arrives, then `done` with the whole answer — or
 * `error` in the contract's error shape when generation fails after the stream has started
 * (unless the client has gone).
 */
function serverSentEvents(
  response: Response,
  { environment, logger }: { environment: string; logger: Logger },
  signal: AbortSignal,
): AnswerSink {
  const send = (event: string, data: unknown) => response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  return {
    meta(meta) {
      response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      response.setHeader('Cache-Control', 'no-cache');
      response.flushHeaders();
      send('meta', { ...meta, environment });
    },
    token: (text) => send('token', { text }),
    done: (answer) => send('done', { answer }),
    error(error) {
      if (signal.aborted) return;
      const requestId = requestIdOf(response);
      const { code, message, details } = reportError(logger, error, requestId);
      send('error', errorBody(code, message, requestId, details).error);
    },
  };
}
