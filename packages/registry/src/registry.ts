import type { EvalRecord, Manifest, VersionStatus } from '@ragship/core';
import type { IngestionCoordination } from './ingestion-coordination.js';

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

/**
 * A named binary blob stored with one index version (e.g. its BM25 lexical index), in the
 * registry's own database so every environment sharing the registry sees it.
 */
export interface ArtifactRecord {
  kb: string;
  version: number;
  /** Lower-case letters, digits, `.`, `_` and `-`; starts with a letter or digit; at most 64 characters. */
  name: string;
  /** Length of the data in bytes. */
  bytes: number;
  /** sha256 of the data, hex. */
  sha256: string;
  /** ISO 8601 time the data was (last) written. */
  createdAt: string;
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

/**
 * What an audit entry records: an alias moved (`promote`, `rollback`), a promotion was refused by
 * the target's gates and the alias did not move (`refuse`), or `gc` deleted a version (`delete`).
 */
export type AuditAction = 'promote' | 'rollback' | 'refuse' | 'delete';

/** One append-only audit log entry. */
export interface AuditEntry {
  id: number;
  /** ISO 8601. */
  at: string;
  actor: string;
  action: AuditAction;
  kb: string;
  /**
   * The environment whose alias moved (or, for `refuse`, would have); null for `delete`, which
   * concerns every environment.
   */
  environment: string | null;
  /**
   * The version the alias pointed to before (null: no alias yet); for `refuse`, the version the
   * environment serves, which it still does; for `delete`, the version deleted.
   */
  from: number | null;
  /** The version the alias points to now; for `refuse`, the candidate refused; null for `delete`. */
  to: number | null;
  /** Gate results, copy statistics, reasons and other structured details. */
  details: Record<string, unknown>;
}

/** A filter over the audit log; every field narrows it. */
export interface AuditFilter {
  kb?: string;
  environment?: string;
  /** Only entries of this action, e.g. `refuse`. */
  action?: AuditAction;
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

/** A promotion the target's quality gates refused, to be kept in the audit log (the alias does not move). */
export interface RefusalRequest {
  environment: string;
  kb: string;
  /** The version the environment serves (null: none), against which the gates were judged. */
  from: number | null;
  /** The candidate version refused. */
  to: number;
  actor: string;
  /** The gate results and other structured details, e.g. the build that ran the promotion. */
  details?: Record<string, unknown>;
}

/** A request to mark a version `deleted` (what `gc` does once its segments are to go). */
export interface DeleteVersionRequest {
  kb: string;
  version: number;
  actor: string;
  details?: Record<string, unknown>;
}

/** The drift baseline of one version in one environment (its data is `@ragship/monitoring`'s). */
export interface BaselineRecord {
  kb: string;
  version: number;
  environment: string;
  /** ISO 8601 time it was stored. */
  createdAt: string;
  /** The baseline, any JSON value; the registry stores it as given. */
  data: unknown;
}

/** A user's rating of one answer, by the answer's trace id. */
export interface NewFeedback {
  traceId: string;
  rating: 1 | -1;
  comment: string | null;
  /** What answered, when the serving process still knew the trace; else null. */
  kb: string | null;
  version: number | null;
  environment: string;
}

/** A stored {@link NewFeedback}. */
export interface FeedbackRecord extends NewFeedback {
  id: number;
  /** ISO 8601. */
  at: string;
}

/** A filter over feedback; every field narrows it. */
export interface FeedbackFilter {
  traceId?: string;
  kb?: string;
  environment?: string;
  /** At most this many entries, newest first. Default all. */
  limit?: number;
}

/**
 * An answer the API gave, by its trace id: feedback is accepted only for an answer on record, from
 * the caller it was given to.
 */
export interface AnswerRecord {
  traceId: string;
  environment: string;
  kb: string;
  version: number;
  /** Who asked: the API key's name, or `anonymous` when the API is open. */
  caller: string;
  /** The chat span's id when traced; feedback annotates it. */
  spanId: string | null;
  /** ISO 8601. */
  at: string;
}

/** What monitoring keeps beside the versions: drift baselines, answer feedback and eval results. */
export interface MonitoringRecords {
  /**
   * Adds an eval result to a `ready` version's manifest under its eval set's fingerprint,
   * replacing an earlier one on the same set: the only change a ready manifest takes. Returns the
   * manifest as stored. Throws `NotFoundError` (kind `version`) when the version is not ready.
   */
  recordEval(kb: string, version: number, evalSet: string, record: EvalRecord): Promise<Manifest>;
  /**
   * Stores the baseline of a version that is `ready`, replacing one of the same kb, version and
   * environment, or with `ifAbsent` keeping it (first writer wins, as replicas collecting first
   * traffic race). Returns what is stored. Throws `NotFoundError` (kind `version`) when the
   * version is not ready. Baselines are deleted with their version.
   */
  putBaseline(record: Omit<BaselineRecord, 'createdAt'>, options?: { ifAbsent?: boolean }): Promise<BaselineRecord>;
  getBaseline(kb: string, version: number, environment: string): Promise<BaselineRecord | undefined>;
  /** Appends feedback; kept when its version is deleted. */
  addFeedback(entry: NewFeedback): Promise<FeedbackRecord>;
  /** Newest first. */
  listFeedback(filter?: FeedbackFilter): Promise<FeedbackRecord[]>;
  /** Records an answer given; a trace id already on record in its environment keeps the first. */
  recordAnswer(entry: Omit<AnswerRecord, 'at'>): Promise<void>;
  /** The answer given under `traceId` in `environment` at or after `since` (ISO 8601), if any. */
  findAnswer(traceId: string, environment: string, since: string): Promise<AnswerRecord | undefined>;
  /** Forgets the answers given before `before` (ISO 8601); returns how many. Their feedback stays. */
  pruneAnswers(before: string): Promise<number>;
}

/**
 * The registry of kbs, versions, environment aliases and the audit log. Backends: SQLite
 * (embedded default) and PostgreSQL (teams, multi-environment deploys); both pass the same
 * contract suite. Alias moves are compare-and-swap and write their audit entry in the same
 * transaction; so does deleting a version, which is refused while an alias points to it.
 * Artifacts are written while their version is `building`, and go when it is deleted. Ingest runs
 * coordinate through it too ({@link IngestionCoordination}): a lease per kb, and recorded requests.
 */
export interface Registry extends IngestionCoordination {
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
   * Appends a `refuse` audit entry: a promotion was refused by the target's gates. Moves no alias,
   * so rollback targets ignore it. Returns the entry as stored.
   */
  recordRefusal(request: RefusalRequest): Promise<AuditEntry>;
  /**
   * Marks a `ready` or `failed` version `deleted` and appends a `delete` audit entry, in one
   * transaction. Throws `ConflictError` when an alias points to the version (checked inside the
   * transaction, so a concurrent promotion and gc cannot both win) or it is `building`;
   * `NotFoundError` when there is no such version. Deleting a `deleted` version does nothing.
   * The version's artifacts and drift baselines are deleted in the same transaction; its row stays.
   */
  deleteVersion(request: DeleteVersionRequest): Promise<void>;
  /**
   * Stores `data` as artifact `name` of a version that is still `building`, replacing an artifact
   * of that name; a ready version's artifacts are immutable. Throws `ConflictError` when the
   * version is not building (checked in the same transaction as the write), `NotFoundError`
   * (kind `version`) when there is no such version, and `InvalidInputError` for a bad name.
   * Artifacts of a version are deleted with it by {@link Registry.deleteVersion}.
   */
  putArtifact(kb: string, version: number, name: string, data: Uint8Array): Promise<ArtifactRecord>;
  /**
   * The artifact and its bytes; undefined when the version has none of that name. Throws
   * `InvalidInputError` for a bad name.
   */
  getArtifact(
    kb: string,
    version: number,
    name: string,
  ): Promise<{ record: ArtifactRecord; data: Uint8Array } | undefined>;
  /** The artifacts of a version, without their data, by name. */
  listArtifacts(kb: string, version: number): Promise<ArtifactRecord[]>;
  /** Newest first. */
  auditLog(filter?: AuditFilter): Promise<AuditEntry[]>;
  /** Drift baselines and feedback. */
  readonly monitoring: MonitoringRecords;
  /** Where the registry is, for messages (a file path or a URL without its password). */
  readonly location: string;
  close(): Promise<void>;
}
