import type { Manifest, VersionStatus } from '@ragship/core';

/** One index version as the registry knows it. */
export interface VersionRecord {
  kb: string;
  /** N of `v<N>`. */
  version: number;
  status: VersionStatus;
  parent: number | null;
  /** ISO 8601. */
  createdAt: string;
  /** Null until the pipeline writes it. */
  manifest: Manifest | null;
  /** Who is building it, `<host>:<pid>`, while `building`; used to detect a crashed run. */
  owner: string | null;
}

/** Where an environment's alias for a kb points. */
export interface AliasRecord {
  environment: string;
  kb: string;
  version: number;
  /** ISO 8601 time of the last move. */
  promotedAt: string;
  promotedBy: string;
}

/** What an audit entry records: an alias moved (`promote`, `rollback`) or `gc` deleted a version. */
export type AuditAction = 'promote' | 'rollback' | 'delete';

/** One append-only audit log entry. */
export interface AuditEntry {
  id: number;
  /** ISO 8601. */
  at: string;
  actor: string;
  action: AuditAction;
  kb: string;
  /** The environment whose alias moved; null for `delete`, which concerns every environment. */
  environment: string | null;
  /** The version the alias pointed to before (null: no alias yet); for `delete`, the version deleted. */
  from: number | null;
  /** The version the alias points to now; null for `delete`. */
  to: number | null;
  /** Gate results, copy statistics, reasons and other structured details. */
  details: Record<string, unknown>;
}

/** A filter over the audit log; every field narrows it. */
export interface AuditFilter {
  kb?: string;
  environment?: string;
  /** At most this many entries, newest first. Default all. */
  limit?: number;
}

/** A compare-and-swap move of an alias. */
export interface MoveAliasRequest {
  environment: string;
  kb: string;
  /** The version the caller believes the alias points to now (null: no alias yet). */
  expected: number | null;
  to: number;
  actor: string;
  action: 'promote' | 'rollback';
  details?: Record<string, unknown>;
}

/** A request to mark a version `deleted` (what `gc` does once its segments are to go). */
export interface DeleteVersionRequest {
  kb: string;
  version: number;
  actor: string;
  details?: Record<string, unknown>;
}

/**
 * The registry of kbs, versions, environment aliases and the audit log. Backends: SQLite
 * (embedded default) and PostgreSQL (teams, multi-environment deploys); both pass the same
 * contract suite. Alias moves are compare-and-swap and write their audit entry in the same
 * transaction; so does deleting a version, which is refused while an alias points to it.
 */
export interface Registry {
  /** Allocates the next version number of `kb` with status `building`, owned by `owner` (`<host>:<pid>`). */
  createVersion(kb: string, parent: number | null, owner?: string): Promise<VersionRecord>;
  /** Stores the manifest and status of a version that is still `building`. */
  finishVersion(kb: string, version: number, status: 'ready' | 'failed', manifest: Manifest | null): Promise<void>;
  getVersion(kb: string, version: number): Promise<VersionRecord | undefined>;
  /** Newest first. */
  listVersions(kb: string): Promise<VersionRecord[]>;
  listKbs(): Promise<string[]>;
  getAlias(environment: string, kb: string): Promise<AliasRecord | undefined>;
  listAliases(): Promise<AliasRecord[]>;
  /**
   * Moves an alias if it still points to `expected`; throws `ConflictError` otherwise, and
   * `NotFoundError` (kind `version`) when the target is not `ready`. Writes the audit entry in
   * the same transaction.
   */
  moveAlias(request: MoveAliasRequest): Promise<AliasRecord>;
  /**
   * Marks a `ready` or `failed` version `deleted` and appends a `delete` audit entry, in one
   * transaction. Throws `ConflictError` when an alias points to the version (checked inside the
   * transaction, so a concurrent promotion and gc cannot both win) or it is `building`;
   * `NotFoundError` when there is no such version. Deleting a `deleted` version does nothing.
   */
  deleteVersion(request: DeleteVersionRequest): Promise<void>;
  /** Newest first. */
  auditLog(filter?: AuditFilter): Promise<AuditEntry[]>;
  /** Where the registry is, for messages (a file path or a URL without its password). */
  readonly location: string;
  close(): Promise<void>;
}
