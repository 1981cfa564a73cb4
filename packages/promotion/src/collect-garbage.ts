import { RagshipError, errorMessage, formatVersion } from '@ragship/core';
import { rollbackTarget, type AliasRecord, type Registry, type VersionRecord } from '@ragship/registry';
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
  const result: GcResult = {
    dryRun: Boolean(options.dryRun),
    keepVersions: options.keepVersions,
    deleted: [],
    kept: [],
    segments: [],
    errors: [],
  };
  const aliases = await registry.listAliases();
  const segments: SegmentUse = { used: new Set(), unused: new Set() };
  for (const kb of await registry.listKbs()) {
    const { versions, protectedBy } = await retentionOf(options, kb, aliases);
    for (const record of versions) {
      const reasons = protectedBy.get(record.version) ?? [];
      await sweepVersion(options, record, reasons, { result, segments });
    }
  }
  const doomed = [...segments.unused].filter((segment) => !segments.used.has(segment)).sort();
  await deleteSegments(options, doomed, result);
  return result;
}

/** Segments met while sweeping: those a remaining version uses, and those only deleted versions used. */
interface SegmentUse {
  used: Set<string>;
  unused: Set<string>;
}

/** The versions of `kb`, and those gc keeps with why: served, a rollback target, or among the newest. */
async function retentionOf(
  options: GcOptions,
  kb: string,
  aliases: readonly AliasRecord[],
): Promise<{ versions: VersionRecord[]; protectedBy: Map<number, string[]> }> {
  const { registry } = options;
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
  return { versions, protectedBy };
}

/**
 * Keeps a version being built or protected, deletes (marks `deleted`) any other not deleted yet,
 * and notes its segments as used or unused accordingly.
 */
async function sweepVersion(
  options: GcOptions,
  record: VersionRecord,
  reasons: string[],
  sweep: { result: GcResult; segments: SegmentUse },
): Promise<void> {
  const { result } = sweep;
  const decision = { kb: record.kb, version: formatVersion(record.version), status: record.status, reasons };
  const segments = [
    ...(record.manifest?.segments.map((segment) => segment.name) ?? []),
    ...segmentsOfVersion(record.kb, record.version),
  ];
  const mark = (use: Set<string>) => segments.forEach((segment) => use.add(segment));
  if (record.status === 'building') {
    result.kept.push({ ...decision, reasons: ['being built'] });
    mark(sweep.segments.used);
  } else if (record.status === 'deleted') {
    mark(sweep.segments.unused);
  } else if (reasons.length > 0) {
    result.kept.push(decision);
    mark(sweep.segments.used);
  } else if (await markDeleted(options, record, decision, result)) {
    mark(sweep.segments.unused);
  } else {
    mark(sweep.segments.used);
  }
}

/**
 * Marks a version `deleted` (unless a dry run) and says so; false when an alias moved to it
 * meanwhile, and the version is kept.
 */
async function markDeleted(
  options: GcOptions,
  record: VersionRecord,
  decision: GcDecision,
  result: GcResult,
): Promise<boolean> {
  const reason =
    record.status === 'failed'
      ? 'failed'
      : `not served, not a rollback target, older than the newest ${options.keepVersions}`;
  if (!options.dryRun) {
    try {
      await options.registry.deleteVersion({
        kb: record.kb,
        version: record.version,
        actor: options.actor,
        details: { reason, keepVersions: options.keepVersions },
      });
    } catch (error) {
      if (!RagshipError.hasCode(error, 'CONFLICT')) throw error;
      result.kept.push({ ...decision, reasons: [`changed during gc: ${error.message}`] });
      return false;
    }
    options.onProgress?.(`Deleted ${record.kb}@${decision.version} (${reason})`);
  }
  result.deleted.push({ ...decision, reasons: [reason] });
  return true;
}

/**
 * Removes `doomed` segments from every store that holds them, each store once; a store that fails
 * is reported, not fatal.
 */
async function deleteSegments(options: GcOptions, doomed: readonly string[], result: GcResult): Promise<void> {
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
        options.onProgress?.(
          `${options.dryRun ? 'Would delete' : 'Deleted'} ${deleted.length} segment(s) ` +
            `from ${source.environment} (${store.location})`,
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
}
