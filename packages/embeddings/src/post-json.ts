import { parseRetryAfter } from '@ragship/http-retry';
import { EmbeddingProviderError, type EmbeddingErrorCode } from './embedding-error.js';

/** One JSON POST to an embedding provider. */
export interface PostJsonRequest {
  /** Provider name for error messages, e.g. `openai`. */
  provider: string;
  /** Full URL. */
  url: string;
  body: unknown;
  headers?: Record<string, string>;
  fetch: typeof fetch;
  /** Abandon the request after this many milliseconds. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Strings that must never appear in an error message (the API key), even if the server echoes them. */
  secrets?: readonly string[];
}

/**
 * POSTs JSON and returns the parsed JSON body of a 2xx response. Every failure becomes an
 * {@link EmbeddingProviderError} saying whether retrying may help; an abort of `signal` is
 * rethrown as is.
 */
export async function postJson(request: PostJsonRequest): Promise<unknown> {
  const url = displayUrl(request.url);
  const fields = { provider: request.provider, url };
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await request.fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
      body: JSON.stringify(request.body),
      signal,
    });
    text = await response.text();
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason;
    if (timeout.aborted) {
      throw new EmbeddingProviderError(
        'EMBEDDING_TIMEOUT',
        `${request.provider} did not answer ${url} within ${request.timeoutMs} ms.`,
        { ...fields, retryable: true },
        { cause: error },
      );
    }
    const reason = networkErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
    throw new EmbeddingProviderError(
      'EMBEDDING_UNREACHABLE',
      `Cannot reach ${request.provider} at ${url} (${reason}). ` +
        `Is the server running, and is the ${request.provider} base URL right?`,
      { ...fields, retryable: true },
      { cause: error },
    );
  }

  if (!response.ok) {
    const server = serverError(text);
    const quotaExhausted = server.code === 'insufficient_quota';
    const code: EmbeddingErrorCode = response.status === 429 ? 'EMBEDDING_RATE_LIMITED' : 'EMBEDDING_FAILED';
    const retryable = (response.status === 429 && !quotaExhausted) || response.status === 408 || response.status >= 500;
    const detail = server.message ? `: ${redact(server.message, request.secrets)}` : '.';
    const hint = response.status === 401 || response.status === 403 ? ' Check the API key.' : '';
    throw new EmbeddingProviderError(
      code,
      `${request.provider} answered ${url} with HTTP ${response.status}${detail}${hint}`,
      { ...fields, status: response.status, retryable, retryAfterMs: parseRetryAfter(response.headers) },
    );
  }

  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new EmbeddingProviderError(
      'EMBEDDING_INVALID_RESPONSE',
      `${request.provider} answered ${url} with HTTP ${response.status} but the body is not JSON.`,
      { ...fields, status: response.status, retryable: false },
      { cause: error },
    );
  }
}

/** The URL without user, password or query string, which may carry credentials. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return '<invalid URL>';
  }
}

/** The error message and code of an OpenAI-style `{error:{message,code}}` or Ollama-style `{error:"…"}` body. */
function serverError(text: string): { message?: string; code?: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const trimmed = text.trim().slice(0, 200);
    return trimmed ? { message: trimmed } : {};
  }
  if (typeof body !== 'object' || body === null || !('error' in body)) return {};
  const error = body.error;
  if (typeof error === 'string') return { message: error };
  if (typeof error !== 'object' || error === null) return {};
  return {
    message: 'message' in error && typeof error.message === 'string' ? error.message : undefined,
    code: 'code' in error && typeof error.code === 'string' ? error.code : undefined,
  };
}

function redact(message: string, secrets: readonly string[] = []): string {
  return secrets.reduce((redacted, secret) => (secret ? redacted.replaceAll(secret, '***') : redacted), message);
}

/** `ECONNREFUSED`, `ENOTFOUND`, … from undici's `TypeError: fetch failed` and its cause chain. */
function networkErrorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current === 'object' && 'code' in current && typeof current.code === 'string') return current.code;
    current = typeof current === 'object' && 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}
