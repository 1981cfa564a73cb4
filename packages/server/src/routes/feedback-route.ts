import { Router } from 'express';
import { RagshipError, errorMessage, type GuardrailSettings } from '@ragship/core';
import { findPii, redactPii } from '@ragship/pii';
import type { MonitoringRecords } from '@ragship/registry';
import { exportFeedback, type Tracing } from '@ragship/telemetry';
import type { Logger } from 'pino';
import type { ApiMetrics } from '../api-metrics.js';
import { parseBody } from '../parse-body.js';
import type { AnswerContext, AnswerLedger } from '../answer-ledger.js';
import { callerOf, type Caller } from '../caller.js';
import { feedbackRequestSchema } from '../request-schemas.js';

/**
 * `POST /v1/feedback`: stores a rating of an answer by its `traceId` with the kb and version that
 * answered, counts it, and shows it in Phoenix next to the trace. Only an answer this deployment
 * gave (any replica, within the feedback window) takes feedback, and only from the caller it was
 * given to: 404 `ANSWER_NOT_FOUND` otherwise, 403 `FORBIDDEN` for another key. 201 with the stored
 * record once it is in the registry; exporting to Phoenix happens after and only logs when it fails.
 */
export function feedbackRoute(deps: {
  records: MonitoringRecords;
  answers: AnswerLedger;
  /** The feedback window in days, for the refusal's message. */
  windowDays: number;
  environment: string;
  tracing: Tracing;
  logger: Logger;
  metrics: Pick<ApiMetrics, 'recordFeedback'>;
  /** With `redactPii`, personal data in a comment is redacted before it is stored or sent to Phoenix. */
  guardrails?: Pick<GuardrailSettings, 'redactPii'> | undefined;
}): Router {
  const router = Router();
  router.post('/v1/feedback', async (request, response) => {
    const body = parseBody(feedbackRequestSchema, request.body);
    const answer = answerGiven(await deps.answers.lookup(body.traceId), body.traceId, callerOf(response), deps);
    const stored = await deps.records.addFeedback({
      traceId: body.traceId,
      rating: body.rating,
      comment: storedComment(body.comment, deps.guardrails),
      kb: answer.kb,
      version: answer.version,
      environment: deps.environment,
    });
    deps.metrics.recordFeedback({
      kb: answer.kb,
      indexVersion: answer.indexVersion,
      rating: body.rating,
    });
    response.status(201).json({
      id: stored.id,
      traceId: stored.traceId,
      rating: stored.rating,
      kb: stored.kb,
      indexVersion: answer.indexVersion,
      environment: stored.environment,
      at: stored.at,
    });
    exportFeedback(deps.tracing, {
      traceId: stored.traceId,
      spanId: answer.spanId,
      rating: stored.rating,
      comment: stored.comment,
      feedbackId: stored.id,
      scope: { kb: answer.kb, indexVersion: answer.indexVersion, environment: deps.environment },
    }).catch((error: unknown) =>
      deps.logger.warn(
        { traceId: stored.traceId, err: errorMessage(error) },
        'feedback stored but not shown in Phoenix',
      ),
    );
  });
  return router;
}

/** The answer feedback rates: given by this deployment under `traceId`, to `caller`; else the refusal. */
function answerGiven(
  answer: AnswerContext | undefined,
  traceId: string,
  caller: Caller,
  deps: { environment: string; windowDays: number },
): AnswerContext {
  if (!answer) {
    throw new RagshipError(
      'ANSWER_NOT_FOUND',
      `No answer was given under trace id ${traceId} in environment "${deps.environment}" in the last ` +
        `${deps.windowDays} days: feedback is accepted only for answers this deployment gave.`,
    );
  }
  if (answer.caller !== caller.name) {
    throw new RagshipError('FORBIDDEN', 'Feedback on an answer is accepted only from the API key that asked for it.');
  }
  return answer;
}

/** A comment as it is stored: null when empty, its personal data redacted when the guardrails say so. */
function storedComment(
  comment: string | undefined,
  guardrails: Pick<GuardrailSettings, 'redactPii'> | undefined,
): string | null {
  if (!comment) return null;
  return guardrails?.redactPii ? redactPii(comment, findPii(comment)) : comment;
}
