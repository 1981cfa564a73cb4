import type { ErrorResponse, GateVerdict } from '@ragship/server';

/** What {@link ApiError} is made from. */
export interface ApiErrorOptions {
  /** The HTTP status; null when there was no response (network) or the error came mid-stream. */
  status: number | null;
  /** The contract's error code (`RATE_LIMITED`, `GATE_REFUSED`, …), or one of this client's: `NETWORK_ERROR`, `INVALID_RESPONSE`, `HTTP_<status>`. */
  code: string;
  message: string;
  requestId?: string | null;
  retryAfterSeconds?: number | null;
  gates?: GateVerdict[];
  cause?: unknown;
}

/** A failed call to the ragship API, with what the contract's error body said. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** The HTTP status; null when there was no response (network) or the error came mid-stream. */
  readonly status: number | null;
  readonly code: string;
  /** The API's request id, to quote to an operator; null when the API did not answer. */
  readonly requestId: string | null;
  /** Seconds to wait before retrying (from `Retry-After`), for a 429; else null. */
  readonly retryAfterSeconds: number | null;
  /** The gates judged, for a refused promotion (422 `GATE_REFUSED`); else empty. */
  readonly gates: GateVerdict[];

  constructor(options: ApiErrorOptions) {
    super(options.message, { cause: options.cause });
    this.status = options.status;
    this.code = options.code;
    this.requestId = options.requestId ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.gates = options.gates ?? [];
  }
}

/** The error a fetch that never got a response becomes. */
export function networkError(cause: unknown): ApiError {
  return new ApiError({ status: null, code: 'NETWORK_ERROR', message: 'Cannot reach the ragship API', cause });
}

/** Turns a non-2xx response into an {@link ApiError}, reading the contract's error body when there is one. */
export async function apiErrorFromResponse(response: Response): Promise<ApiError> {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'));
  const body = await response.text().catch(() => '');
  const error = errorBodyOf(body);
  if (!error) {
    return new ApiError({
      status: response.status,
      code: `HTTP_${response.status}`,
      message: `The API answered ${response.status} ${response.statusText}`.trim(),
      retryAfterSeconds,
    });
  }
  return apiErrorFromBody(error, response.status, retryAfterSeconds);
}

/** The {@link ApiError} of an error body, from a response or an `error` event of a stream (status null). */
export function apiErrorFromBody(
  error: ErrorResponse['error'],
  status: number | null,
  retryAfterSeconds: number | null = null,
): ApiError {
  return new ApiError({
    status,
    code: error.code,
    message: error.message,
    requestId: error.requestId,
    retryAfterSeconds,
    gates: error.details?.gates ?? [],
  });
}

/** True for the rejection of a fetch or stream read that was aborted on purpose (Stop, unmount). */
export function isAbortError(error: unknown): boolean {
  // By name: the abort reason may be a DOMException of another realm (a worker, a test's jsdom).
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

function errorBodyOf(text: string): ErrorResponse['error'] | null {
  try {
    const parsed = JSON.parse(text) as Partial<ErrorResponse> | null;
    const error = parsed?.error;
    return error && typeof error.code === 'string' && typeof error.message === 'string' ? error : null;
  } catch {
    return null;
  }
}

/** `Retry-After` is seconds or an HTTP date; either way, whole seconds from now (null when absent or unreadable). */
function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}
