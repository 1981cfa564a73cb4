/** The CLI's exit codes, part of its contract (README "Quick start"): 0 ok, 1 failure, 2 usage, 3 gate refused. */
export const ExitCode = { ok: 0, failure: 1, usage: 2, gateRefused: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** What one error code means at each edge: the CLI's exit code and the API's HTTP status. */
export interface ErrorCodeMeaning {
  readonly exitCode: ExitCode;
  /**
   * The status the API answers with. A 500 is a fault of ours or of a backing service: the API
   * shows the client the code but not the message, which may name hosts and files.
   */
  readonly httpStatus: number;
}

const usage = (httpStatus: number): ErrorCodeMeaning => ({ exitCode: ExitCode.usage, httpStatus });
const failure = (httpStatus: number): ErrorCodeMeaning => ({ exitCode: ExitCode.failure, httpStatus });

/**
 * Every code a ragship error carries, grouped by who raises it. Adding a code here is the only way
 * to raise it (`RagshipError`'s `code` is a {@link RagshipErrorCode}), so the CLI's exit code and
 * the API's status are chosen once, here, and never by comparing strings at the edges.
 */
export const ERROR_CODES = {
  // The caller's input and configuration.
  INVALID_INPUT: usage(400),
  INVALID_CONFIG: usage(500),
  KB_REQUIRED: failure(400),

  // Named things that do not exist. A missing provider is a deployment fault, not the client's.
  KB_NOT_FOUND: failure(404),
  VERSION_NOT_FOUND: failure(404),
  ENVIRONMENT_NOT_FOUND: failure(404),
  ALIAS_NOT_FOUND: failure(404),
  PROVIDER_NOT_FOUND: failure(500),
  /** Feedback named a trace id this deployment gave no answer under (within `monitoring.feedbackWindowDays`). */
  ANSWER_NOT_FOUND: failure(404),

  // Serving: what is (not) promoted, and the services behind an answer.
  NOTHING_PROMOTED: failure(503),
  // The guardrails' screens (`guardrails.questions`, `guardrails.answers`): well-formed, refused by policy.
  QUESTION_REFUSED: usage(422),
  ANSWER_REFUSED: failure(422),
  STORE_UNAVAILABLE: failure(503),
  MODEL_UNAVAILABLE: failure(503),
  MODEL_TIMEOUT: failure(504),
  ALIAS_BROKEN: failure(500),

  // The registry and the stores.
  CONFLICT: failure(409),
  REGISTRY_CLOSED: failure(500),
  REGISTRY_MIGRATION_FAILED: failure(500),
  STORE_ERROR: failure(500),
  SEGMENT_MISSING: failure(500),
  ARTIFACT_MISSING: failure(500),
  LEXICAL_INDEX_INCOMPATIBLE: failure(500),
  VERIFY_FAILED: failure(500),

  // Embedding providers (`EmbeddingProviderError`).
  EMBEDDING_FAILED: failure(500),
  EMBEDDING_RATE_LIMITED: failure(500),
  EMBEDDING_UNREACHABLE: failure(500),
  EMBEDDING_TIMEOUT: failure(500),
  EMBEDDING_INVALID_RESPONSE: failure(500),
  ZERO_VECTOR: failure(500),

  // Ingestion.
  NOTHING_TO_INGEST: failure(500),
  CHUNK_TOO_LARGE: failure(500),
  REJECTION_BUDGET_EXCEEDED: failure(500),
  /** Another run holds the kb (`--no-wait`). */
  KB_BUSY: failure(409),
  /** The run's kb lease expired under it (its renewals failed): it stops rather than race another run. */
  KB_LEASE_LOST: failure(500),
  /** A web site, git repository or S3 bucket could not be read. */
  SOURCE_UNAVAILABLE: failure(502),
  /** An ingestion was requested for a kb with no `kbs.<kb>.source` configured. */
  NO_SOURCE: usage(400),
  /** No ingestion request has the id asked for. */
  INGESTION_NOT_FOUND: failure(404),

  // Promotion, rollback and the drift baseline.
  GATE_REFUSED: { exitCode: ExitCode.gateRefused, httpStatus: 422 },
  VERSION_NOT_READY: failure(409),
  NO_READY_VERSION: failure(404),
  NO_PREVIOUS_VERSION: failure(409),
  EMBEDDER_MISMATCH: failure(409),
  BASELINE_INVALID: failure(500),

  // Evaluation and smoke checks, which the CLI runs against a version or a running API.
  VERSION_CHANGED: failure(409),
  VERSION_MISMATCH: failure(409),
  NO_ANSWERER: failure(500),
  API_UNREACHABLE: failure(502),
  API_ERROR: failure(502),
  NOT_READY: failure(503),
  WRONG_BUILD: failure(409),
  WRONG_VERSION: failure(409),
  NO_CITATIONS: failure(500),

  // The embedded Chroma server (`ChromaServerError`).
  CHROMA_SERVER_PORT_IN_USE: failure(500),
  CHROMA_SERVER_START_FAILED: failure(500),
  CHROMA_SERVER_START_TIMEOUT: failure(500),

  // Phoenix, where feedback is sent as a span annotation.
  PHOENIX_REFUSED: failure(502),

  // The HTTP edge: what the API answers before a route runs.
  BAD_REQUEST: usage(400),
  INVALID_JSON: usage(400),
  INVALID_ENCODING: usage(400),
  UNSUPPORTED_ENCODING: usage(415),
  BODY_TOO_LARGE: usage(413),
  HEADERS_TOO_LARGE: usage(431),
  REQUEST_TIMEOUT: failure(408),
  UNAUTHORIZED: usage(401),
  FORBIDDEN: usage(403),
  PROMOTION_DISABLED: usage(403),
  RATE_LIMITED: failure(429),
  ROUTE_NOT_FOUND: usage(404),

  // Anything not foreseen: a bug, or a library's error no code above describes.
  INTERNAL: failure(500),
} as const satisfies Record<string, ErrorCodeMeaning>;

/** One code from {@link ERROR_CODES}. */
export type RagshipErrorCode = keyof typeof ERROR_CODES;
