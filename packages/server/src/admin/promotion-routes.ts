import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { RagshipError, formatVersion, parseVersion } from '@ragship/core';
import { promote, rollBack, toHistoryEntry, type HistoryEntry, type OperationsContext } from '@ragship/operations';
import type { AuditEntry } from '@ragship/registry';
import { errorBody, reportError, requestIdOf } from '../error-handler.js';
import { assertKbAllowed, callerOf } from '../caller.js';
import { parseBody } from '../parse-body.js';
import type { PromotionResponse, RollbackResponse } from './admin-contract.js';
import { promotionRequestSchema, rollbackRequestSchema } from './admin-schemas.js';

/** What the console's promotions and rollbacks need. */
export interface PromotionRouteDependencies {
  operations: OperationsContext;
  /** Where a streamed promotion's failure is logged, under the request id its error event carries. */
  logger: Logger;
}

/**
 * `POST /v1/admin/promotions` and `POST /v1/admin/rollbacks`: the same `promote` and `rollBack` as
 * `ragship promote` and `ragship rollback`, acting as the key's name (the audit log's actor), only
 * into environments whose `consolePromotion` is on. A promotion answers JSON, or with
 * `Accept: text/event-stream` streams `progress` events and then `result` (or `error`).
 */
export function promotionRoutes(deps: PromotionRouteDependencies): Router {
  const router = Router();
  router.post('/v1/admin/promotions', async (request, response) => {
    const body = parseBody(promotionRequestSchema, request.body);
    const caller = callerOf(response);
    assertKbAllowed(caller, body.kb);
    requireConsolePromotion(deps.operations, body.to);
    const abort = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) abort.abort();
    });
    const run = (onProgress?: (progress: object) => void) =>
      promote(deps.operations, {
        kb: body.kb,
        version: body.version === undefined ? undefined : parseVersion(body.version),
        from: body.from,
        to: body.to,
        actor: caller.name,
        dryRun: body.dryRun,
        signal: abort.signal,
        onProgress,
      }).then(async (result): Promise<PromotionResponse> => ({
        result,
        audit: result.dryRun || !result.changed ? null : await auditEntryOf(deps.operations, result, caller.name),
      }));
    if (!wantsEventStream(request)) {
      response.json(await run());
      return;
    }
    await streamPromotion(response, deps.logger, run);
  });
  router.post('/v1/admin/rollbacks', async (request, response) => {
    const body = parseBody(rollbackRequestSchema, request.body);
    const caller = callerOf(response);
    assertKbAllowed(caller, body.kb);
    requireConsolePromotion(deps.operations, body.env);
    const result = await rollBack(deps.operations, {
      kb: body.kb,
      environment: body.env,
      actor: caller.name,
      dryRun: body.dryRun,
    });
    const answer: RollbackResponse = {
      result,
      audit: result.dryRun ? null : await auditEntryOf(deps.operations, result, caller.name),
    };
    response.json(answer);
  });
  return router;
}

/** 403 `PROMOTION_DISABLED` when the environment's aliases may not be moved from the console. */
function requireConsolePromotion(operations: OperationsContext, environment: string): void {
  const settings = operations.config.environments[environment];
  if (settings && !settings.consolePromotion) {
    throw new RagshipError(
      'PROMOTION_DISABLED',
      `Promotion and rollback of ${environment} from the console are turned off ` +
        `(environments.${environment}.consolePromotion); use the CLI or the deploy pipeline.`,
    );
  }
}

function wantsEventStream(request: Request): boolean {
  return (request.get('accept') ?? '').includes('text/event-stream');
}

/** Runs a promotion, sending each progress step as an event, then `result`, or `error` in the contract's shape. */
async function streamPromotion(
  response: Response,
  logger: Logger,
  run: (onProgress: (progress: object) => void) => Promise<PromotionResponse>,
): Promise<void> {
  const send = (event: string, data: unknown) => response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  response.setHeader('Cache-Control', 'no-cache');
  response.flushHeaders();
  try {
    send('result', await run((progress) => send('progress', progress)));
  } catch (error) {
    const requestId = requestIdOf(response);
    const { code, message, details } = reportError(logger, error, requestId);
    send('error', errorBody(code, message, requestId, details).error);
  }
  response.end();
}

/** The audit entry an alias move by `actor` just wrote: the newest of its kb and environment that matches. */
async function auditEntryOf(
  operations: OperationsContext,
  move: { kb: string; environment: string; to: string; action: AuditEntry['action'] },
  actor: string,
): Promise<HistoryEntry | null> {
  const entries = await operations.registry.auditLog({ kb: move.kb, environment: move.environment, limit: 10 });
  const entry = entries.find(
    (candidate) =>
      candidate.action === move.action &&
      candidate.actor === actor &&
      candidate.to !== null &&
      formatVersion(candidate.to) === move.to,
  );
  return entry ? toHistoryEntry(entry) : null;
}
