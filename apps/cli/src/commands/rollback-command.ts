import { InvalidInputError, RagshipError, assertKbName, formatVersion } from '@ragship/core';
import { rollbackTarget } from '@ragship/registry';
import type { CliContext } from '../cli-context.js';
import { describeMove, requireEnvironment, type AliasMoveResult } from './promote-command.js';

/** `ragship rollback <kb> --env <env>`: moves the alias back to its previous target. No copy. */
export async function runRollback(context: CliContext, kb: string, environment: string): Promise<AliasMoveResult> {
  assertKbName(kb);
  requireEnvironment(context, environment);
  const current = await context.registry.getAlias(environment, kb);
  if (!current) throw new InvalidInputError(`${kb}@${environment} has never been promoted; nothing to roll back.`);
  const target = rollbackTarget(await context.registry.auditLog({ kb, environment }));
  if (target === null) {
    throw new RagshipError('NO_PREVIOUS_VERSION', `${kb}@${environment} has no earlier version to roll back to.`);
  }
  await context.registry.moveAlias({
    environment,
    kb,
    expected: current.version,
    to: target,
    actor: context.actor(),
    action: 'rollback',
  });
  const result: AliasMoveResult = {
    kb,
    environment,
    from: formatVersion(current.version),
    to: formatVersion(target),
    action: 'rollback',
    dryRun: false,
    changed: true,
  };
  context.output.result(result, () => describeMove(result));
  return result;
}
