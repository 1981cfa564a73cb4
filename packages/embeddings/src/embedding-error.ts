import { RagshipError } from '@ragship/core';

/**
 * Why an embedding request failed:
 * - `EMBEDDING_RATE_LIMITED`: HTTP 429; retryable unless the account is out of quota.
 * - `EMBEDDING_UNREACHABLE`: no HTTP response (connection refused, DNS, reset); retryable.
 * - `EMBEDDING_TIMEOUT`: no complete response within the timeout; retryable.
 * - `EMBEDDING_INVALID_RESPONSE`: a 2xx response of the wrong shape (count, vector length); not retryable.
 * - `EMBEDDING_FAILED`: any other HTTP error; retryable for 408 and 5xx.
 */
export type EmbeddingErrorCode =
  | 'EMBEDDING_FAILED'
  | 'EMBEDDING_RATE_LIMITED'
  | 'EMBEDDING_UNREACHABLE'
  | 'EMBEDDING_TIMEOUT'
  | 'EMBEDDING_INVALID_RESPONSE';

/** Structured fields of an {@link EmbeddingProviderError}. */
export interface EmbeddingProviderErrorFields {
  /** Provider name, e.g. `openai` or `ollama`. */
  provider: string;
  /** The requested URL without credentials or query string. */
  url: string;
  /** HTTP status, when the server answered. */
  status?: number;
  /** Whether the same request may succeed later. */
  retryable: boolean;
  /** How long the server asked the client to wait (`Retry-After`), in milliseconds. */
  retryAfterMs?: number;
}

/**
 * An embedding provider failed to answer a request. The message names the provider, the URL
 * (never the API key), the HTTP status and the server's own error message when it sent one.
 */
export class EmbeddingProviderError extends RagshipError {
  override readonly name = 'EmbeddingProviderError';
  declare readonly code: EmbeddingErrorCode;
  /** Provider name, e.g. `openai` or `ollama`. */
  readonly provider: string;
  /** The requested URL without credentials or query string. */
  readonly url: string;
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** Whether the same request may succeed later; `withRetry` (`@ragship/http-retry`) retries only these. */
  readonly retryable: boolean;
  /** How long the server asked the client to wait (`Retry-After`), in milliseconds. */
  readonly retryAfterMs?: number;

  constructor(
    code: EmbeddingErrorCode,
    message: string,
    fields: EmbeddingProviderErrorFields,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.provider = fields.provider;
    this.url = fields.url;
    this.status = fields.status;
    this.retryable = fields.retryable;
    this.retryAfterMs = fields.retryAfterMs;
  }
}
