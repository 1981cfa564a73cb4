import { assertKbName } from '@ragship/core';
import { rollbackAlias, type RollbackResult } from '@ragship/promotion';
import type { OperationsContext } from './operations-context.js';
import { requireEnvironment } from './require-environment.js';

/** A rollback as an operator asks for it. */
export interface RollBackRequest {
  kb: string;
  environment: string;
  actor: string;
  dryRun?: boolean | undefined;
}

/**
 * Moves an environment's alias back to its previous target, checking the environment's store still
 * holds it; the build goes into the audit entry. `ragship rollback` and `POST /v1/admin/rollbacks`
 * both run this.
 */
export async function rollBack(context: OperationsContext, request: RollBackRequest): Promise<RollbackResult> {
  assertKbName(request.kb);
  requireEnvironment(context.config, request.environment);
  return rollbackAlias({
    registry: context.registry,
    kb: request.kb,
    environment: request.environment,
    store: await context.store(request.environment),
    actor: request.actor,
    dryRun: Boolean(request.dryRun),
    details: { build: context.build },
  });
}
