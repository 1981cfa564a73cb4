import { assertKbName, formatVersion } from '@ragship/core';
import { rollbackTarget } from '@ragship/registry';
import type { CliContext } from '../cli-context.js';
import { resolveVersion } from './resolve-version.js';

/** `ragship versions <kb>`: newest first. */
export async function runVersions(context: CliContext, kb: string): Promise<void> {
  assertKbName(kb);
  const versions = (await context.registry.listVersions(kb)).map((record) => ({
    version: formatVersion(record.version),
    status: record.status,
    parent: record.parent === null ? null : formatVersion(record.parent),
    createdAt: record.createdAt,
    documents: record.manifest?.counts.documents ?? null,
    chunks: record.manifest?.counts.chunks ?? null,
  }));
  context.output.result(versions, () =>
    versions.length === 0
      ? `No versions of kb "${kb}" yet. Create one: ragship ingest <path> --kb ${kb}`
      : versions
          .map((item) =>
            [
              item.version.padEnd(6),
              item.status.padEnd(9),
              item.createdAt,
              `${item.documents ?? '-'} docs`,
              `${item.chunks ?? '-'} chunks`,
              item.parent ? `parent ${item.parent}` : '',
            ].join('  '),
          )
          .join('\n'),
  );
}

/** `ragship show <kb>@<version>`: the manifest. */
export async function runShow(context: CliContext, reference: string): Promise<void> {
  const record = await resolveVersion(context, reference);
  const manifest = record.manifest ?? {
    kb: record.kb,
    version: formatVersion(record.version),
    status: record.status,
    createdAt: record.createdAt,
  };
  context.output.result(manifest, () => JSON.stringify(manifest, null, 2));
}

/** One environment's alias for one kb in `ragship status`. */
export interface StatusEntry {
  version: string;
  promotedAt: string;
  promotedBy: string;
  /** Seconds since the alias last moved. */
  ageSeconds: number;
  /** Where `ragship rollback` would go, or null when there is nowhere to go back to. */
  previous: string | null;
}

/** `ragship status`: environments × kbs → versions, with age, who promoted, and the rollback target. */
export async function runStatus(context: CliContext): Promise<void> {
  const environments: Record<string, Record<string, StatusEntry>> = {};
  for (const name of Object.keys(context.config.environments)) environments[name] = {};
  const now = Date.now();
  for (const alias of await context.registry.listAliases()) {
    const previous = rollbackTarget(await context.registry.auditLog({ kb: alias.kb, environment: alias.environment }));
    (environments[alias.environment] ??= {})[alias.kb] = {
      version: formatVersion(alias.version),
      promotedAt: alias.promotedAt,
      promotedBy: alias.promotedBy,
      ageSeconds: Math.max(0, Math.round((now - Date.parse(alias.promotedAt)) / 1000)),
      previous: previous === null ? null : formatVersion(previous),
    };
  }
  context.output.result({ environments }, () =>
    Object.entries(environments)
      .map(([environment, kbs]) => {
        const rows = Object.entries(kbs).map(
          ([kb, alias]) =>
            `  ${kb}@${environment} → ${alias.version}  ` +
            `promoted ${formatAge(alias.ageSeconds)} ago by ${alias.promotedBy}` +
            (alias.previous ? `  (rollback → ${alias.previous})` : ''),
        );
        return [`${environment}:`, ...(rows.length ? rows : ['  (nothing promoted)'])].join('\n');
      })
      .join('\n'),
  );
}

/** `42s`, `5m`, `3h`, `2d`. */
export function formatAge(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}
