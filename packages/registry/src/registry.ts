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

/** One append-only audit log entry. */
export interface AuditEntry {
  id: number;
  /** ISO 8601. */
  at: string;
  actor: string;
  action: 'promote' | 'rollback';
  kb: string;
  environment: string;
  from: number | null;
  to: number;
  /** Gate results and other structured details. */
  details: Record<string, unknown>;
}

/** A compare-and-swap move of an alias. */
export interface MoveAliasRequest {
  environment: string;
  kb: string;
  /** The version the caller believes the alias points to now (null: no alias yet). */
  expected: number | null;
  to: number;
  actor: string;
  action: AuditEntry['action'];
  details?: Record<string, unknown>;
}

/**
 * The registry of kbs, versions, environment aliases and the audit log. Backends: SQLite
 * (embedded default). Alias moves are compare-and-swap and write their audit entry in the same
 * transaction.
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
  /** Moves an alias if it still points to `expected`; throws `ConflictError` otherwise. */
  moveAlias(request: MoveAliasRequest): Promise<AliasRecord>;
  /** Newest first. */
  auditLog(filter?: { kb?: string; environment?: string }): Promise<AuditEntry[]>;
  close(): Promise<void>;
}
