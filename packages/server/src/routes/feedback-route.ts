import { Router } from 'express';
import { errorMessage } from '@ragship/core';
import type { MonitoringRecords } from '@ragship/registry';
import { exportFeedback, type Tracing } from '@ragship/telemetry';
import type { Logger } from 'pino';
import type { ApiMetrics } from '../api-metrics.js';
import { parseBody } from '../parse-body.js';
import type { RecentAnswers } from '../recent-answers.js';
import { feedbackRequestSchema } from '../request-schemas.js';

/**
 * `POST /v1/feedback`: stores a rating of an answer by its `traceId` (with the kb and version
 * that answered, when this process answered it), counts it, and shows it in Phoenix next to the
 * trace. 201 with the stored record once it is in the registry; exporting to Phoenix happens
 * after and only logs when it fails.
 */
export function feedbackRoute(deps: {
  records: MonitoringRecords;
  answers: RecentAnswers;
  environment: string;
  tracing: Tracing;
  logger: Logger;
  metrics: Pick<ApiMetrics, 'recordFeedback'>;
}): Router {
  const router = Router();
  router.post('/v1/feedback', async (request, response) => {
    const body = parseBody(feedbackRequestSchema, request.body);
    const answer = deps.answers.lookup(body.traceId);
    const stored = await deps.records.addFeedback({
      traceId: body.traceId,
      rating: body.rating,
      comment: body.comment || null,
      kb: answer?.kb ?? null,
      version: answer?.version ?? null,
      environment: deps.environment,
    });
    deps.metrics.recordFeedback({
      kb: answer?.kb ?? '',
      indexVersion: answer?.indexVersion ?? '',
      rating: body.rating,
    });
    response.status(201).json({
      id: stored.id,
      traceId: stored.traceId,
      rating: stored.rating,
      kb: stored.kb,
      indexVersion: answer?.indexVersion ?? null,
      environment: stored.environment,
      at: stored.at,
    });
    exportFeedback(deps.tracing, {
      traceId: stored.traceId,
      spanId: answer?.spanId ?? null,
      rating: stored.rating,
      comment: stored.comment,
      feedbackId: stored.id,
      scope: answer ? { kb: answer.kb, indexVersion: answer.indexVersion, environment: deps.environment } : null,
    }).catch((error: unknown) =>
      deps.logger.warn(
        { traceId: stored.traceId, err: errorMessage(error) },
        'feedback stored but not shown in Phoenix',
      ),
    );
  });
  return router;
}
