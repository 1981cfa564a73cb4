import { ConflictError, errorMessage, formatVersion } from '@ragship/core';
import { rollbackTarget, type Registry, type VersionRecord } from '@ragship/registry';
import { segmentsOfVersion, type VectorStore } from '@ragship/vector-store';
import type { SourceStore } from './materialise-version.js';

/** Options of {@link collectGarbage}. */
export interface GcOptions {
  registry: Registry;
  /** Ready versions kept per kb, newest first, besides any an alias needs. */
  keepVersions: number;
  /** Every environment's store: a deleted version's segments are removed from all of them. */
  stores: readonly SourceStore[];
  actor: string;
  /** Decide and report only. */
  dryRun?: boolean;
  onProgress?: (message: string) => void;
}

/** One version gc deleted, kept or left alone, and why. */
export interface GcDecision {
  kb: string;
  version: string;
  status: VersionRecord['status'];
  reasons: string[];
}

/** What `ragship gc` did (its `--json` result). */
export interface GcResult {
  dryRun: boolean;
  keepVersions: number;
  /** Versions marked `deleted` now (or that would be). */
  deleted: GcDecision[];
  /** Versions kept: served, a rollback target, among the newest, or being built. */
  kept: GcDecision[];
  /** Per store: the segments removed (or that would be). */
  segments: { environment: string; store: string; deleted: string[] }[];
  /** Stores that could not be cleaned; the next gc retries them. */
  errors: { environment: string; store: string; message: string }[];
}

/**
 * Retention: per kb, keeps every version an alias points to or would roll back to, every
 * version being built, and the newest `keepVersions` ready ones; marks the other ready and the
 * failed versions `deleted` (each in a transaction that refuses if an alias points to it by then),
 * then removes from every store the segments no remaining version uses — including those of
 * versions deleted by an earlier gc whose store was unreachable then. Idempotent.
 */
export async function collectGarbage(options: GcOptions): Promise<GcResult> {
  const { registry } = options;
  const note = options.onProgress ?? (() => undefined);
  const result: GcResult = {
    dryRun: Boolean(options.dryRun),
    keepVersions: options.keepVersions,
    deleted: [],
    kept: [],
    segments: [],
    errors: [],
  };
  const aliases = await registry.listAliases();
  const unused = new Set<string>();
  const used = new Set<string>();

  for (const kb of await registry.listKbs()) {
    const protectedBy = new Map<number, string[]>();
    const protect = (version: number | null, reason: string) => {
      if (version !== null) protectedBy.set(version, [...(protectedBy.get(version) ?? []), reason]);
    };
    for (const alias of aliases.filter((item) => item.kb === kb)) {
      protect(alias.version, `served by ${alias.environment}`);
      protect(
        rollbackTarget(await registry.auditLog({ kb, environment: alias.environment })),
        `rollback target of ${alias.environment}`,
      );
    }
    const versions = await registry.listVersions(kb);
    versions
      .filter((record) => record.status === 'ready')
      .slice(0, options.keepVersions)
      .forEach((record) => protect(record.version, `among the newest ${options.keepVersions}`));

    for (const record of versions) {
      const decision = {
        kb,
        version: formatVersion(record.version),
        status: record.status,
        reasons: protectedBy.get(record.version) ?? [],
      };
      const segments = [
        ...(record.manifest?.segments.map((segment) => segment.name) ?? []),
        ...segmentsOfVersion(kb, record.version),
      ];
      if (record.status === 'building') {
        result.kept.push({ ...decision, reasons: ['being built'] });
        segments.forEach((segment) => used.add(segment));
      } else if (record.status === 'deleted') {
        segments.forEach((segment) => unused.add(segment));
      } else if (decision.reasons.length > 0) {
        result.kept.push(decision);
        segments.forEach((segment) => used.add(segment));
      } else if (await markDeleted(record, decision)) {
        segments.forEach((segment) => unused.add(segment));
      } else {
        segments.forEach((segment) => used.add(segment));
      }
    }
  }

  const doomed = [...unused].filter((segment) => !used.has(segment)).sort();
  const seen = new Set<string>();
  for (const source of options.stores) {
    let store: VectorStore | undefined;
    try {
      store = await source.open();
      const key = `${store.kind} ${store.location}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const deleted: string[] = [];
      for (const segment of doomed) {
        if (!(await store.hasSegment(segment))) continue;
        if (!options.dryRun) await store.deleteSegment(segment);
        deleted.push(segment);
      }
      if (deleted.length)
        note(
          `${options.dryRun ? 'Would delete' : 'Deleted'} ${deleted.length} segment(s) from ${source.environment} (${store.location})`,
        );
      result.segments.push({ environment: source.environment, store: store.location, deleted });
    } catch (error) {
      result.errors.push({
        environment: source.environment,
        store: store?.location ?? '(not opened)',
        message: errorMessage(error),
      });
    }
  }
  return result;

  async function markDeleted(record: VersionRecord, decision: GcDecision): Promise<boolean> {
    const reason =
      record.status === 'failed'
        ? 'failed'
        : `not served, not a rollback target, older than the newest ${options.keepVersions}`;
    if (!options.dryRun) {
      try {
        await registry.deleteVersion({
          kb: record.kb,
          version: record.version,
          actor: options.actor,
          details: { reason, keepVersions: options.keepVersions },
        });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        result.kept.push({ ...decision, reasons: [`changed during gc: ${error.message}`] });
        return false;
      }
      note(`Deleted ${record.kb}@${decision.version} (${reason})`);
    }
    result.deleted.push({ ...decision, reasons: [reason] });
    return true;
  }
}
