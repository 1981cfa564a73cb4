import isNetworkError from 'is-network-error';
import { parseRetryAfter } from './parse-retry-after.js';
import { withRetry, type RetryOptions } from './with-retry.js';

/** Statuses a busy hosted service answers that the same request may not get a moment later. */
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * A `fetch` for a client that takes one (the Pinecone client's `fetchApi`) and retries what a
 * hosted service throws at a busy client: 429, 500, 502, 503, 504 and connections that fail or
 * reset, with {@link withRetry}'s backoff and the server's `Retry-After`. Waits end when the
 * request's signal aborts. When no retry follows (tries run out, or `Retry-After` asks too much),
 * the last response goes back to the client as it came, so the client reports the server's error;
 * a connection that kept failing rejects as fetch does. Only for idempotent requests: a retry
 * sends the same request again.
 */
export function retryingFetch(options: RetryOptions = {}, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    try {
      return await withRetry(
        async () => {
          let response: Response;
          try {
            response = await base(input, init);
          } catch (error) {
            throw isNetworkError(error) ? new RetryableAttempt(undefined, undefined, { cause: error }) : error;
          }
          if (!RETRYABLE_STATUS.has(response.status)) return response;
          throw new RetryableAttempt(response, parseRetryAfter(response.headers));
        },
        {
          ...options,
          signal: init?.signal ?? undefined,
          onRetry: async (event) => {
            // Drain the body so the connection goes back to the pool.
            if (event.error instanceof RetryableAttempt) {
              await event.error.response?.arrayBuffer().catch(() => undefined);
            }
            await options.onRetry?.(event);
          },
        },
      );
    } catch (error) {
      if (!(error instanceof RetryableAttempt)) throw error;
      if (error.response) return error.response;
      throw error.cause;
    }
  };
}

/** One attempt's failure that a later attempt may not meet; {@link withRetry} retries these. */
class RetryableAttempt extends Error {
  override readonly name = 'RetryableAttempt';
  readonly retryable = true;

  constructor(
    /** The response that asked for a retry; undefined when the connection failed (the `cause`). */
    readonly response: Response | undefined,
    /** How long the server asked the client to wait, in milliseconds. */
    readonly retryAfterMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(response ? `HTTP ${response.status}` : 'connection failed', options);
  }
}
