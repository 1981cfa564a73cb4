import { RagshipError } from '@ragship/core';

/**
 * A ragship API refused a request (a non-2xx answer). The message carries the API's own error
 * code and message, e.g. `ragship API answered 404 KB_NOT_FOUND: Unknown kb "handbook".`; the
 * fields carry them for code that branches on them. Code `API_ERROR`.
 */
export class RagshipApiError extends RagshipError {
  override readonly name = 'RagshipApiError';
  /** The HTTP status, e.g. 401, 404, 429, 503. */
  readonly status: number;
  /** The API's error code (`UNAUTHORIZED`, `KB_NOT_FOUND`, `RATE_LIMITED`, …); null when the body had none. */
  readonly apiCode: string | null;
  /** The API's `requestId`, to find the request in its logs; null when the body had none. */
  readonly requestId: string | null;
  /** Seconds the API asked to wait (`Retry-After` of a 429 or 503); null when it did not say. */
  readonly retryAfterSeconds: number | null;
  /** Whether the same request may succeed later: rate limited (429) or unavailable (502, 503, 504). */
  readonly retryable: boolean;

  constructor(details: {
    status: number;
    apiCode: string | null;
    apiMessage: string;
    requestId: string | null;
    retryAfterSeconds: number | null;
  }) {
    const what = details.apiCode ? `${details.apiCode}: ${details.apiMessage}` : details.apiMessage;
    super('API_ERROR', `ragship API answered ${details.status} ${what}`);
    this.status = details.status;
    this.apiCode = details.apiCode;
    this.requestId = details.requestId;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.retryable = [429, 502, 503, 504].includes(details.status);
  }
}
