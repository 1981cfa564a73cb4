import { createHash } from 'node:crypto';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  formatIndexRef,
  formatVersion,
  type Manifest,
} from '@ragship/core';
import type {
  AliasRecord,
  ArtifactRecord,
  AuditEntry,
  DeleteVersionRequest,
  MoveAliasRequest,
  RefusalRequest,
  VersionRecord,
} from './registry.js';

/**
 * Rows as both backends store them, the mapping to records, and the refusals both raise: one
 * place, so SQLite and PostgreSQL cannot drift apart in what they return or say.
 */

/** A JSON column: SQLite returns text, PostgreSQL's jsonb an already parsed value. */
export type JsonColumn = string | object | null;
/** A time column: SQLite stores ISO text, PostgreSQL's timestamptz comes back as a Date. */
export type TimeColumn = string | Date;
/** An integer column: PostgreSQL's bigint (audit ids) comes back as text. */
export type IntegerColumn = number | string;

export interface VersionRow {
  kb: string;
  version: number;
  status: VersionRecord['status'];
  parent: number | null;
  created_at: TimeColumn;
  manifest: JsonColumn;
  owner: string | null;
}

export interface AliasRow {
  environment: string;
  kb: string;
  version: number;
  promoted_at: TimeColumn;
  promoted_by: string;
}

export interface AuditRow {
  id: IntegerColumn;
  at: TimeColumn;
  actor: string;
  action: AuditEntry['action'];
  kb: string;
  environment: string | null;
  from_version: number | null;
  to_version: number | null;
  details: JsonColumn;
}

export interface ArtifactRow {
  kb: string;
  version: number;
  name: string;
  bytes: IntegerColumn;
  sha256: string;
  created_at: TimeColumn;
}

/** An artifact row with its blob: SQLite returns a Uint8Array, PostgreSQL's bytea a Buffer. */
export interface ArtifactDataRow extends ArtifactRow {
  data: Uint8Array;
}

export function toVersion(row: VersionRow): VersionRecord {
  return {
    kb: row.kb,
    version: row.version,
    status: row.status,
    parent: row.parent,
    createdAt: toIso(row.created_at),
    manifest: parseJson(row.manifest) as Manifest | null,
    owner: row.owner,
  };
}

export function toAlias(row: AliasRow): AliasRecord {
  return {
    environment: row.environment,
    kb: row.kb,
    version: row.version,
    promotedAt: toIso(row.promoted_at),
    promotedBy: row.promoted_by,
  };
}

export function toAudit(row: AuditRow): AuditEntry {
  return {
    id: Number(row.id),
    at: toIso(row.at),
    actor: row.actor,
    action: row.action,
    kb: row.kb,
    environment: row.environment,
    from: row.from_version,
    to: row.to_version,
    details: (parseJson(row.details) ?? {}) as Record<string, unknown>,
  };
}

export function toArtifact(row: ArtifactRow): ArtifactRecord {
  return {
    kb: row.kb,
    version: row.version,
    name: row.name,
    bytes: Number(row.bytes),
    sha256: row.sha256,
    createdAt: toIso(row.created_at),
  };
}

/** An artifact and its bytes, as a plain Uint8Array view whichever backend read it. */
export function toArtifactData(row: ArtifactDataRow): { record: ArtifactRecord; data: Uint8Array } {
  return { record: toArtifact(row), data: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength) };
}

/** The record of `data` about to be stored as artifact `name` at `createdAt`. */
export function newArtifact(
  kb: string,
  version: number,
  name: string,
  data: Uint8Array,
  createdAt: string,
): ArtifactRecord {
  const sha256 = createHash('sha256').update(data).digest('hex');
  return { kb, version, name, bytes: data.byteLength, sha256, createdAt };
}

const ARTIFACT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Throws `InvalidInputError` naming `name` unless it is a valid artifact name. */
export function checkArtifactName(name: string): void {
  if (!ARTIFACT_NAME.test(name)) {
    throw new InvalidInputError(
      `Artifact name ${JSON.stringify(name)} is not valid; use 1-64 lower-case letters, digits, ".", "_" or "-", ` +
        'starting with a letter or digit (e.g. bm25.json.gz).',
      'name',
    );
  }
}

/** What storing an artifact refuses: a missing version, or one that is no longer `building`. */
export function putArtifactRefusal(kb: string, version: number, target: VersionRow | undefined): Error | undefined {
  const ref = formatIndexRef(kb, version);
  if (!target) return new NotFoundError('version', ref, `${ref} does not exist.`);
  if (target.status !== 'building') return notBuildingError(kb, version);
  return undefined;
}

/** The alias record a successful move leaves behind. */
export function movedAlias(request: MoveAliasRequest, promotedAt: string): AliasRecord {
  return {
    environment: request.environment,
    kb: request.kb,
    version: request.to,
    promotedAt,
    promotedBy: request.actor,
  };
}

/**
 * The audit_log column values (at, actor, action, kb, environment, from_version, to_version,
 * details) of an alias move from `current`, of a refused promotion, or of deleting a version that
 * had `status`.
 */
export function auditValues(
  at: string,
  entry:
    | { kind: 'move'; request: MoveAliasRequest; current: number | null }
    | { kind: 'refuse'; request: RefusalRequest }
    | { kind: 'delete'; request: DeleteVersionRequest; status: string },
): [string, string, string, string, string | null, number | null, number | null, string] {
  if (entry.kind === 'refuse') {
    const { request } = entry;
    const details = JSON.stringify(request.details ?? {});
    return [at, request.actor, 'refuse', request.kb, request.environment, request.from, request.to, details];
  }
  if (entry.kind === 'delete') {
    const { request } = entry;
    const details = JSON.stringify({ status: entry.status, ...request.details });
    return [at, request.actor, 'delete', request.kb, null, request.version, null, details];
  }
  const move = entry.request;
  const details = JSON.stringify(move.details ?? {});
  return [at, move.actor, move.action, move.kb, move.environment, entry.current, move.to, details];
}

/** What an alias move refuses, given the target's row and where the alias points now. */
export function moveAliasRefusal(
  request: MoveAliasRequest,
  target: VersionRow | undefined,
  current: number | null,
): Error | undefined {
  const ref = formatIndexRef(request.kb, request.to);
  if (target?.status !== 'ready') {
    const state = target ? `is ${target.status}` : 'does not exist';
    return new NotFoundError('version', ref, `${ref} is not a ready version (it ${state}).`);
  }
  if (current !== request.expected) {
    return new ConflictError(
      `${request.kb}@${request.environment} moved to ${describe(current)} ` +
        `while this ${request.action} expected ${describe(request.expected)}; ` +
        'nothing changed. Re-run to act on the new state.',
    );
  }
  return undefined;
}

/**
 * What deleting a version refuses: a missing version, one being built, or one an alias points
 * to. Undefined when the delete may go ahead (or is a no-op because the version is deleted).
 */
export function deleteVersionRefusal(
  request: DeleteVersionRequest,
  target: VersionRow | undefined,
  aliasedBy: readonly string[],
): Error | undefined {
  const ref = formatIndexRef(request.kb, request.version);
  if (!target) return new NotFoundError('version', ref, `${ref} does not exist.`);
  if (target.status === 'building') return new ConflictError(`${ref} is being built; it cannot be deleted.`);
  if (aliasedBy.length > 0) {
    return new ConflictError(
      `${ref} is served by ${aliasedBy.join(', ')}; promote another version or roll back before deleting it.`,
    );
  }
  return undefined;
}

export function notBuildingError(kb: string, version: number): ConflictError {
  return new ConflictError(`${formatIndexRef(kb, version)} is not building; a ready version is immutable.`);
}

function describe(version: number | null): string {
  return version === null ? 'nothing' : formatVersion(version);
}

export function toIso(value: TimeColumn): string {
  return value instanceof Date ? value.toISOString() : value;
}

export function parseJson(value: JsonColumn): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}
