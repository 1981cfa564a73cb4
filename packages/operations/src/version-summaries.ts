import { formatVersion, type Manifest } from '@ragship/core';
import type { AliasRecord, Registry, VersionRecord } from '@ragship/registry';

/** One eval result of a version, by eval set. */
export interface VersionEval {
  /** The eval set's fingerprint. */
  evalSet: string;
  dataset: string;
  kind: string;
  metrics: Record<string, number>;
  measuredAt: string;
}

/** One version as `ragship versions --json` and the console list it. */
export interface VersionSummary {
  version: string;
  status: VersionRecord['status'];
  parent: string | null;
  createdAt: string;
  /** Null until the version is ready. */
  documents: number | null;
  chunks: number | null;
  rejected: number | null;
  flagged: number | null;
  /** The embedder id, e.g. `local:hash-384`; null until ready. */
  embedder: string | null;
  /** Eval results per eval set. */
  eval: VersionEval[];
  /** Environments serving it now. */
  servedIn: string[];
}

/** The versions of `kb`, newest first, with what each environment serves. */
export async function versionSummaries(registry: Registry, kb: string): Promise<VersionSummary[]> {
  const [versions, aliases] = await Promise.all([registry.listVersions(kb), registry.listAliases()]);
  return versions.map((record) => summariseVersion(record, aliases));
}

/** One version's summary; `aliases` tell where it is served. */
export function summariseVersion(record: VersionRecord, aliases: readonly AliasRecord[]): VersionSummary {
  const manifest: Manifest | null = record.manifest;
  return {
    version: formatVersion(record.version),
    status: record.status,
    parent: record.parent === null ? null : formatVersion(record.parent),
    createdAt: record.createdAt,
    documents: manifest?.counts.documents ?? null,
    chunks: manifest?.counts.chunks ?? null,
    rejected: manifest?.counts.rejected ?? null,
    flagged: manifest?.validation.flagged.length ?? null,
    embedder: manifest?.embedder.id ?? null,
    eval: Object.entries(manifest?.eval ?? {}).map(([evalSet, record]) => ({ evalSet, ...record })),
    servedIn: aliases
      .filter((alias) => alias.kb === record.kb && alias.version === record.version)
      .map((alias) => alias.environment),
  };
}
