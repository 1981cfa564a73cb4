/**
 * How ingest runs of one kb coordinate through the registry: a lease so that only one run builds
 * a kb at a time, and a queue of recorded ingestion requests (`POST /v1/admin/ingestions`) that a
 * worker (`ragship watch`) claims and runs.
 */

/** Who holds a kb's lease: a unique owner id, and what the holder is, for whoever waits. */
export interface KbLeaseHolder {
  /** Unique per run, e.g. `<host>:<pid>:<random>`; the same owner acquiring again renews its lease. */
  owner: string;
  /** For people, e.g. `ragship ingest on host h (pid 123)`. */
  description: string;
}

/** The right to build a kb, held until released or until it expires without a renewal. */
export interface KbLease extends KbLeaseHolder {
  kb: string;
  /** ISO 8601 time the owner first acquired it; a re-acquire by the same owner keeps it. */
  acquiredAt: string;
  /** ISO 8601 time after which another owner may take the lease over. */
  expiresAt: string;
}

/** What {@link IngestionCoordination.acquireKbLease} got: the lease, or the lease someone else holds. */
export type KbLeaseAttempt = { acquired: true; lease: KbLease } | { acquired: false; lease: KbLease };

/**
 * Where a recorded ingestion request is: `queued` until a worker claims it, `running` while its run
 * goes, then `succeeded` (a new version, or none when nothing changed) or `failed`.
 */
export type IngestionStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** One recorded request to ingest a kb from its configured source. */
export interface IngestionRecord {
  /** A random UUID. */
  id: string;
  kb: string;
  /**
   * The kb's configured source as it was when requested, without credentials (user names,
   * passwords and credential query parameters are taken out): for people to read. A worker runs
   * the kb's configured source (`kbs.<kb>.source`), which keeps its credentials out of the registry.
   */
  source: string;
  status: IngestionStatus;
  /** Who asked: the API key's name, or `anonymous` when the API is open. */
  requestedBy: string;
  /** ISO 8601. */
  requestedAt: string;
  /** ISO 8601 time a worker claimed it; null while queued. */
  startedAt: string | null;
  /** ISO 8601 time its run ended; null until then. */
  finishedAt: string | null;
  /** Who claimed it, e.g. `ragship watch on host h (pid 123)`; null while queued. */
  runner: string | null;
  /** N of the `v<N>` the run built; null until finished, and when nothing changed or it failed. */
  version: number | null;
  /** What the run said when it ended, e.g. `up to date` or the error; null until then. */
  message: string | null;
}

/** A request to record: the kb, its source (credentials are taken out before it is stored), who asks. */
export interface NewIngestionRequest {
  kb: string;
  source: string;
  requestedBy: string;
}

/** How the runs of claimed requests ended. */
export interface IngestionOutcome {
  status: 'succeeded' | 'failed';
  /** N of the version built; null when nothing changed ("up to date") or the run failed. */
  version: number | null;
  message: string;
}

/** A filter over ingestion requests; every field narrows it. */
export interface IngestionFilter {
  kb?: string;
  /** Only requests in this state, e.g. `queued` for a worker's poll. */
  status?: IngestionStatus;
  /** At most this many, newest first. Default all. */
  limit?: number;
}

/**
 * The registry's part in running one ingest per kb at a time. Each call is atomic across every
 * process and machine that shares the registry. Lease times are judged by the clock of the
 * process that calls; keep lease times well above the clock skew between machines.
 */
export interface IngestionCoordination {
  /**
   * Takes `kb`'s lease for `ttlMs` if nobody holds it, its holder's lease has expired, or the
   * holder is `holder.owner` (who then renews it). Otherwise returns the lease held, untouched.
   * Throws `InvalidInputError` unless `ttlMs` is a positive whole number.
   */
  acquireKbLease(kb: string, holder: KbLeaseHolder, ttlMs: number): Promise<KbLeaseAttempt>;
  /**
   * Extends `owner`'s lease of `kb` to `ttlMs` from now; false when `owner` no longer holds it
   * (released, or expired and taken over). An expired lease nobody took over is still the owner's.
   */
  renewKbLease(kb: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives up `owner`'s lease of `kb`; does nothing when `owner` does not hold it. */
  releaseKbLease(kb: string, owner: string): Promise<void>;
  /** The lease of `kb` as stored, possibly expired (compare `expiresAt`); undefined when none. */
  getKbLease(kb: string): Promise<KbLease | undefined>;
  /**
   * Records a `queued` request to ingest `kb`, unless one is already queued: then returns that one
   * with `coalesced: true`, so triggers during a run queue exactly one follow-up.
   */
  requestIngestion(request: NewIngestionRequest): Promise<{ record: IngestionRecord; coalesced: boolean }>;
  /** Moves every `queued` request of `kb` to `running` by `runner` and returns them, oldest first. */
  claimIngestions(kb: string, runner: string): Promise<IngestionRecord[]>;
  /**
   * Ends `running` requests with `outcome` and returns them as stored. Throws `RagshipError`
   * `INGESTION_NOT_FOUND` for an unknown id, and `ConflictError` when one is not running; then
   * none changes.
   */
  finishIngestions(ids: readonly string[], outcome: IngestionOutcome): Promise<IngestionRecord[]>;
  getIngestion(id: string): Promise<IngestionRecord | undefined>;
  /** Newest first. */
  listIngestions(filter?: IngestionFilter): Promise<IngestionRecord[]>;
}
