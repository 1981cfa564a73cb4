import { RagshipError, errorMessage, maskUrlSecrets } from '@ragship/core';
import { RagshipApiError } from './ragship-api-error.js';

/** Where and how a ragship API is called. */
export interface RagshipApiConnection {
  /** The API's base URL without a trailing slash, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; never put in an error. */
  apiKey?: string | undefined;
  fetch: typeof fetch;
  /** Longest one request may take, in milliseconds. */
  timeoutMs: number;
}

/** A 2xx answer of the API: its JSON body and headers. */
export interface RagshipApiAnswer {
  body: unknown;
  headers: Headers;
}

/**
 * Calls one route of a ragship API with a JSON body (or none). A non-2xx answer throws a
 * {@link RagshipApiError} carrying the API's error code and message; an API that cannot be
 * reached or does not answer in time throws `API_UNREACHABLE`; a 2xx body that is not JSON,
 * `API_ERROR`.
 */
export async function callRagshipApi(
  connection: RagshipApiConnection,
  request: { method: 'GET' | 'POST'; route: string; body?: unknown },
): Promise<RagshipApiAnswer> {
  const where = maskUrlSecrets(connection.baseUrl);
  const deadline = AbortSignal.timeout(connection.timeoutMs);
  let response: Response;
  try {
    response = await connection.fetch(`${connection.baseUrl}${request.route}`, {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(connection.apiKey ? { authorization: `Bearer ${connection.apiKey}` } : {}),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: deadline,
    });
  } catch (error) {
    const reason = deadline.aborted ? `no answer within ${connection.timeoutMs} ms` : failureOf(error);
    throw new RagshipError('API_UNREACHABLE', `Cannot reach the ragship API at ${where}: ${reason}.`, {
      cause: error,
    });
  }
  const text = await response.text();
  const body = parseJson(text);
  if (!response.ok) throw apiError(response, body, text);
  if (body === undefined) {
    throw new RagshipError(
      'API_ERROR',
      `The ragship API at ${where} answered ${request.method} ${request.route} with a body that is not JSON.`,
    );
  }
  return { body, headers: response.headers };
}

/** The error a refused request becomes: the API's `{"error":{code,message,requestId}}`, else its text. */
function apiError(response: Response, body: unknown, text: string): RagshipApiError {
  const detail = (body as { error?: { code?: unknown; message?: unknown; requestId?: unknown } } | undefined)?.error;
  const retryAfter = Number(response.headers.get('retry-after'));
  return new RagshipApiError({
    status: response.status,
    apiCode: typeof detail?.code === 'string' ? detail.code : null,
    apiMessage:
      typeof detail?.message === 'string'
        ? detail.message
        : maskUrlSecrets(text.trim().slice(0, 200)) || response.statusText || 'no message',
    requestId: typeof detail?.requestId === 'string' ? detail.requestId : null,
    retryAfterSeconds: response.headers.has('retry-after') && Number.isFinite(retryAfter) ? retryAfter : null,
  });
}

/** Why a request could not be sent: fetch's own message and the network error under it (`ECONNREFUSED`, …). */
function failureOf(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof Error ? `${errorMessage(error)} (${cause.message})` : errorMessage(error);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
