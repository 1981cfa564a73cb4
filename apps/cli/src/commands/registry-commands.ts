import { assertKbName, formatVersion } from '@ragship/core';
import { aliasStatus, resolveVersion, versionSummaries } from '@ragship/operations';
import type { CliContext } from '../cli-context.js';

/** `ragship versions <kb>`: newest first, with counts, embedder, eval results and where each is served. */
export async function runVersions(context: CliContext, kb: string): Promise<void> {
  assertKbName(kb);
  const versions = await versionSummaries(context.registry, kb);
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
              item.servedIn.length ? `serves ${item.servedIn.join(', ')}` : '',
            ].join('  '),
          )
          .join('\n'),
  );
}

/** `ragship show <kb>@<version>`: the manifest. */
export async function runShow(context: CliContext, reference: string): Promise<void> {
  const record = await resolveVersion(context.registry, reference);
  const manifest = record.manifest ?? {
    kb: record.kb,
    version: formatVersion(record.version),
    status: record.status,
    createdAt: record.createdAt,
  };
  context.output.result(manifest, () => JSON.stringify(manifest, null, 2));
}

/** `ragship status`: environments × kbs → versions, with age, who promoted, and the rollback target. */
export async function runStatus(context: CliContext): Promise<void> {
  const environments = await aliasStatus(context.registry, Object.keys(context.config.environments));
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
