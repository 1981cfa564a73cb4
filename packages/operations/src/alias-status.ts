import { formatVersion } from '@ragship/core';
import { rollbackTarget, type Registry } from '@ragship/registry';

/** One environment's alias for one kb, as `ragship status` and the console show it. */
export interface StatusEntry {
  version: string;
  promotedAt: string;
  promotedBy: string;
  /** Seconds since the alias last moved. */
  ageSeconds: number;
  /** Where a rollback would go, or null when there is nowhere to go back to. */
  previous: string | null;
}

/** Environments × kbs → what each serves, every configured environment present (empty when it serves nothing). */
export async function aliasStatus(
  registry: Registry,
  environments: readonly string[],
  now = Date.now(),
): Promise<Record<string, Record<string, StatusEntry>>> {
  const status: Record<string, Record<string, StatusEntry>> = {};
  for (const name of environments) status[name] = {};
  for (const alias of await registry.listAliases()) {
    const previous = rollbackTarget(await registry.auditLog({ kb: alias.kb, environment: alias.environment }));
    (status[alias.environment] ??= {})[alias.kb] = {
      version: formatVersion(alias.version),
      promotedAt: alias.promotedAt,
      promotedBy: alias.promotedBy,
      ageSeconds: Math.max(0, Math.round((now - Date.parse(alias.promotedAt)) / 1000)),
      previous: previous === null ? null : formatVersion(previous),
    };
  }
  return status;
}
