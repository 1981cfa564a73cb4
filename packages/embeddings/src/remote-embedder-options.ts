import type { RetryOptions } from '@ragship/http-retry';

/** Transport settings every embedder that calls a server shares. */
export interface RemoteEmbedderOptions {
  /** The fetch to use. Default the global `fetch`. */
  fetch?: typeof fetch;
  /** Abandon a request after this many milliseconds (then retry). Default 60 000. */
  timeoutMs?: number;
  /** Backoff for rate limits, 5xx, network errors and timeouts. Default `withRetry`'s (`@ragship/http-retry`). */
  retry?: RetryOptions;
}
