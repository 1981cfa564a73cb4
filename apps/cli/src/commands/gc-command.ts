import { collectGarbage, type GcResult } from '@ragship/promotion';
import type { CliContext } from '../cli-context.js';
import { ExitCode } from '@ragship/core';

/**
 * `ragship gc`: marks failed and unreferenced old versions `deleted` (keeping the newest
 * `retention.keepVersions` per kb, every served version and every rollback target) and removes
 * their segments from every environment's store. Exits 1 when a store could not be cleaned;
 * the next run retries it.
 */
export async function runGc(context: CliContext, flags: { dryRun?: boolean }): Promise<number> {
  const result = await collectGarbage({
    registry: context.registry,
    keepVersions: context.config.retention.keepVersions,
    stores: context.storesOf(),
    actor: context.actor(),
    dryRun: Boolean(flags.dryRun),
    onProgress: (message) => {
      if (!context.output.json) context.output.info(message);
    },
  });
  context.output.result(result, () => describeGc(result));
  return result.errors.length > 0 ? ExitCode.failure : ExitCode.ok;
}

function describeGc(result: GcResult): string {
  const verb = result.dryRun ? 'Would delete' : 'Deleted';
  const versions = result.deleted.map((item) => `${item.kb}@${item.version} (${item.reasons.join(', ')})`);
  const lines = [
    result.deleted.length === 0
      ? `Nothing to delete (keeping the newest ${result.keepVersions} ready versions per kb).`
      : `${verb} ${result.deleted.length} version(s): ${versions.join('; ')}`,
  ];
  for (const store of result.segments) {
    if (store.deleted.length > 0)
      lines.push(
        `  ${store.environment} (${store.store}): ` +
          `${store.deleted.length} segment(s) ${result.dryRun ? 'to remove' : 'removed'}`,
      );
  }
  for (const error of result.errors) lines.push(`  ${error.environment} (${error.store}) FAILED: ${error.message}`);
  return lines.join('\n');
}
