import { rollBack } from '@ragship/operations';
import { describeMove, type RollbackResult } from '@ragship/promotion';
import type { CliContext } from '../cli-context.js';

/** `ragship rollback <kb> --env <env>`: moves the alias back to its previous target. No copy. */
export async function runRollback(
  context: CliContext,
  kb: string,
  environment: string,
  flags: { dryRun?: boolean },
): Promise<RollbackResult> {
  const result = await rollBack(context, { kb, environment, actor: context.actor(), dryRun: flags.dryRun });
  context.output.result(result, () => describeMove(result));
  return result;
}
