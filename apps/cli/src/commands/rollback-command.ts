import { assertKbName } from '@ragship/core';
import { describeMove, rollbackAlias, type RollbackResult } from '@ragship/promotion';
import type { CliContext } from '../cli-context.js';

/** `ragship rollback <kb> --env <env>`: moves the alias back to its previous target. No copy. */
export async function runRollback(
  context: CliContext,
  kb: string,
  environment: string,
  flags: { dryRun?: boolean },
): Promise<RollbackResult> {
  assertKbName(kb);
  context.requireEnvironment(environment);
  const result = await rollbackAlias({
    registry: context.registry,
    kb,
    environment,
    store: await context.store(environment),
    actor: context.actor(),
    dryRun: Boolean(flags.dryRun),
    details: { build: context.build },
  });
  context.output.result(result, () => describeMove(result));
  return result;
}
