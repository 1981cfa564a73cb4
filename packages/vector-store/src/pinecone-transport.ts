import { parseRetryAfter } from '@ragship/core';

/** How the Pinecone adapter retries: attempts per request and the first backoff. */
export interface RetryPolicy {
  /** Tries per request, the first included. Default 6. */
  attempts: number;
  /** Wait before the second try; doubled each time (with ±25% jitter), at most 10 s. Default 250 ms. */
  baseDelayMs: number;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const MAX_DELAY_MS = 10_000;

/**
 * A `fetch` for the Pinecone client that retries what a hosted service throws at a busy client:
 * 429 (rate limited), 5xx, and connections that fail or reset. It honours `Retry-After`. Every
 * request the adapter makes is idempotent (upserts overwrite with the same content, deletes and
 * creations tolerate "already"), so a retry is always safe. The client's own retry is turned off:
 * it retries 5xx only, not 429 or a reset connection.
 */
export function retryingFetch(policy: RetryPolicy, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await base(input, init);
      } catch (error) {
        if (attempt >= policy.attempts || init?.signal?.aborted) throw error;
        await sleep(backoff(policy, attempt));
        continue;
      }
      if (!RETRYABLE_STATUS.has(response.status) || attempt >= policy.attempts) return response;
      const retryAfter = parseRetryAfter(response.headers);
      // Drain the body so the connection goes back to the pool.
      await response.arrayBuffer().catch(() => undefined);
      await sleep(retryAfter === undefined ? backoff(policy, attempt) : Math.min(MAX_DELAY_MS, retryAfter));
    }
  };
}

function backoff(policy: RetryPolicy, attempt: number): number {
  const delay = policy.baseDelayMs * 2 ** (attempt - 1);
  return Math.min(MAX_DELAY_MS, delay * (0.75 + Math.random() * 0.5));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `check` every `intervalMs` until it returns a value other than undefined, and returns it;
 * after `timeoutMs`, throws what `timedOut` makes (given the last value seen, if any).
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs: number; timedOut: () => Error },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw options.timedOut();
    await sleep(options.intervalMs);
  }
}
