import { assertKbName, formatVersion } from '@ragship/core';
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

/** `ragship status`: environments × kbs → versions. */
export async function runStatus(context: CliContext): Promise<void> {
  const environments: Record<string, Record<string, { version: string; promotedAt: string; promotedBy: string }>> = {};
  for (const name of Object.keys(context.config.environments)) environments[name] = {};
  for (const alias of await context.registry.listAliases()) {
    (environments[alias.environment] ??= {})[alias.kb] = {
      version: formatVersion(alias.version),
      promotedAt: alias.promotedAt,
      promotedBy: alias.promotedBy,
    };
  }
  context.output.result({ environments }, () =>
    Object.entries(environments)
      .map(([environment, kbs]) => {
        const rows = Object.entries(kbs).map(
          ([kb, alias]) => `  ${kb}@${environment} → ${alias.version}  (${alias.promotedAt} by ${alias.promotedBy})`,
        );
        return [`${environment}:`, ...(rows.length ? rows : ['  (nothing promoted)'])].join('\n');
      })
      .join('\n'),
  );
}
