/**
 * The JSON the admin API (`/v1/admin/*`) and the session endpoint answer with: the console's
 * contract. Type-only, so the browser app imports it without pulling in the server.
 */
import type { ApiRole, BuildInfo, FlaggedDocument, Manifest, RejectedDocument } from '@ragship/core';
import type { DriftReport } from '@ragship/monitoring';
import type {
  DocumentChanges,
  HistoryEntry,
  StatusEntry,
  VersionDiff,
  VersionEval,
  VersionSummary,
} from '@ragship/operations';
import type { GateResult, PromotionResult, RollbackResult } from '@ragship/promotion';

export type {
  ApiRole,
  DocumentChanges,
  GateResult,
  HistoryEntry,
  StatusEntry,
  VersionDiff,
  VersionEval,
  VersionSummary,
};

/**
 * `GET /v1/admin/kbs/<kb>/diff/document?from=&to=&docId=`: a document's chunks in both versions
 * (`GET /v1/admin/kbs/<kb>/diff?from=&to=` answers a {@link VersionDiff}).
 */
export type DocumentDiff = DocumentChanges;

/** A gate result with its margin (see `GateResult.margin`). */
export type GateVerdict = GateResult;

/** `GET /v1/session`: who the caller is and what this API serves. */
export interface SessionInfo {
  /** The environment this API serves. */
  environment: string;
  /** kbs this API serves (that the key may use). */
  kbs: string[];
  defaultKb: string | null;
  /** The key's name (`anonymous` without keys configured) and role. */
  actor: string;
  role: ApiRole;
  /** Phoenix's UI, for "view trace" links (`<phoenixUrl>/redirects/traces/<traceId>`); null when not configured. */
  phoenixUrl: string | null;
  build: BuildInfo;
}

/** One kb in `GET /v1/admin/kbs`. */
export interface KbSummary {
  kb: string;
  /** Versions recorded, whatever their status. */
  versions: number;
  /** The newest ready version, `v<N>`; null when none is ready. */
  latest: string | null;
  /** Environment → the version it serves. */
  served: Record<string, string>;
}

/** `GET /v1/admin/kbs/<kb>/versions/<v>`. */
export interface VersionDetail {
  kb: string;
  summary: VersionSummary;
  /** Null while building or after a failure. */
  manifest: Manifest | null;
  rejected: RejectedDocument[];
  flagged: FlaggedDocument[];
}

/** One kb in one environment of `GET /v1/admin/status`: what `ragship status` shows, with drift and feedback. */
export interface ServedEntry extends StatusEntry {
  /** This API's drift report for the version; null in other environments (each API judges its own traffic). */
  drift: Pick<DriftReport, 'status' | 'score' | 'threshold' | 'worstSignal' | 'observed'> | null;
  /** Ratings of answers from this environment and kb. */
  feedback: FeedbackCounts;
}

/** Thumbs up and down. */
export interface FeedbackCounts {
  up: number;
  down: number;
}

/** One environment of `GET /v1/admin/status`. */
export interface EnvironmentStatus {
  /** The build its API runs: this API's own, or read from the environment's `apiUrl`; null when unknown. */
  build: BuildInfo | null;
  /** Why `build` is null, when it is. */
  buildUnknown: string | null;
  /** Whether the console may promote to and roll back this environment. */
  consolePromotion: boolean;
  kbs: Record<string, ServedEntry>;
}

/** `GET /v1/admin/status`: environments × kbs. */
export interface AdminStatus {
  /** The environment this API serves. */
  environment: string;
  environments: Record<string, EnvironmentStatus>;
}

/** One rated answer in the feedback summary. */
export interface FeedbackItem {
  at: string;
  traceId: string;
  rating: 1 | -1;
  comment: string | null;
  kb: string | null;
  version: string | null;
  environment: string;
}

/** `GET /v1/admin/monitoring`: this API's drift reports and the feedback summary. */
export interface AdminMonitoring {
  environment: string;
  drift: DriftReport[];
  feedback: {
    /** Per kb and version of this environment. */
    counts: { kb: string | null; version: string | null; up: number; down: number }[];
    /** Newest first, at most 50. */
    recent: FeedbackItem[];
  };
}

/** Body of `POST /v1/admin/promotions`: a version, or what `from` serves, to `to`. */
export interface PromotionRequest {
  kb: string;
  version?: string;
  from?: string;
  to: string;
  dryRun?: boolean;
}

/** Answer of `POST /v1/admin/promotions` (also the `result` event of its event stream). */
export interface PromotionResponse {
  result: PromotionResult;
  /** The audit entry the promotion wrote; null for a dry run or when nothing changed. */
  audit: HistoryEntry | null;
}

/** Body of `POST /v1/admin/rollbacks`. */
export interface RollbackRequest {
  kb: string;
  env: string;
  dryRun?: boolean;
}

/** Answer of `POST /v1/admin/rollbacks`. */
export interface RollbackResponse {
  result: RollbackResult;
  audit: HistoryEntry | null;
}

/** Body of `POST /v1/admin/ingestions`: the kb whose configured source (`kbs.<kb>.source`) to ingest. */
export interface IngestionRequest {
  kb: string;
}

/**
 * One recorded ingestion request. The API only records it; a worker (`ragship watch`) claims it
 * (`running`) and runs the kb's configured source.
 */
export interface IngestionEntry {
  id: string;
  kb: string;
  /** The kb's configured source, without user names, passwords or credential query parameters. */
  source: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  /** The key's name that asked (`anonymous` when the API is open). */
  requestedBy: string;
  /** ISO 8601. */
  requestedAt: string;
  /** ISO 8601 time a worker claimed it; null while queued. */
  startedAt: string | null;
  /** ISO 8601 time its run ended; null until then. */
  finishedAt: string | null;
  /** The worker that claimed it; null while queued. */
  runner: string | null;
  /** The `v<N>` the run built; null until it ends, and when nothing changed ("up to date") or it failed. */
  version: string | null;
  /** What the run said when it ended; null until then. */
  message: string | null;
}

/**
 * Answer (202) of `POST /v1/admin/ingestions`, with a `Location` header to the request's
 * `GET /v1/admin/ingestions/<id>`. `coalesced`: a request of the kb was already queued, and this is
 * it; a trigger during a run queues exactly one follow-up.
 */
export interface IngestionResponse {
  ingestion: IngestionEntry;
  coalesced: boolean;
}

/** `GET /v1/admin/ingestions?kb=&status=&limit=`: newest first. */
export interface IngestionList {
  ingestions: IngestionEntry[];
}

/**
 * A progress event of a promotion streamed with `Accept: text/event-stream`: `progress` events
 * with this data, then `result` ({@link PromotionResponse}) or `error` (the contract's error).
 */
export interface PromotionProgressEvent {
  stage: 'check' | 'gates' | 'plan' | 'copy' | 'verify' | 'baseline' | 'flip';
  segment?: string;
  done?: number;
  total?: number;
}

/**
 * The contract's error body. A refused gate (422 `GATE_REFUSED`) carries `details.gates`; a 429
 * comes with a `Retry-After` header (seconds); a 5xx says plainly what kind of service is down, its
 * cause is in the API's log under `requestId`.
 */
export interface ErrorResponse {
  error: {
    code: string;
    message: string;
    requestId: string;
    details?: { gates?: GateResult[]; check?: string };
  };
}
