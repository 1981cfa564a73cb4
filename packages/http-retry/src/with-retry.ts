import { setTimeout as sleep } from 'node:timers/promises';
import pRetry from 'p-retry';

/** How {@link withRetry} backs off. Every field is optional. */
export interface RetryOptions {
  /** Most attempts in total, the first included. Default 5; 1 turns retrying off. */
  maxAttempts?: number;
  /** Delay before the first retry, in milliseconds, before jitter. Default 500. */
  baseDelayMs?: number;
  /** Each further retry waits this many times longer. Default 2. */
  factor?: number;
  /** Longest computed backoff, in milliseconds. Default 20 000. */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` the client will wait, in milliseconds; a server asking for more fails
   * at once with its error instead of stalling the run. Default 60 000.
   */
  maxRetryAfterMs?: number;
  /** Waits `ms` milliseconds, rejecting when `signal` aborts. Injectable so tests need not sleep. */
  delay?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Called before each wait, e.g. to log "rate limited, retrying in 2 s"; the wait starts when it settles. */
  onRetry?: (event: RetryEvent) => void | Promise<void>;
}

/** One upcoming retry, as reported to {@link RetryOptions.onRetry}. */
export interface RetryEvent {
  /** The attempt that just failed, from 1. */
  attempt: number;
  /** How long the client waits before the next attempt, in milliseconds. */
  delayMs: number;
  /** Why the attempt failed. */
  error: unknown;
}

/**
 * Runs `operation` until it succeeds, retrying errors that say `retryable: true` (rate limits,
 * 5xx, network failures, timeouts) with exponential backoff and jitter, or after the server's
 * `retryAfterMs` when the error carries one. Other errors, and an aborted `signal` (also during a
 * wait), end at once; an abort rejects with the signal's reason.
 */
export function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions & { signal?: AbortSignal | undefined } = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const factor = options.factor ?? 2;
  const maxDelayMs = options.maxDelayMs ?? 20_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const delay = options.delay ?? defaultDelay;
  const random = options.random ?? Math.random;

  return pRetry(operation, {
    retries: Math.max(0, maxAttempts - 1),
    // p-retry computes one delay from the attempt number alone; the wait here depends on the
    // error (the server's Retry-After), so p-retry waits nothing and `shouldRetry` waits instead.
    minTimeout: 0,
    ...(options.signal ? { signal: options.signal } : {}),
    shouldRetry: async ({ error, attemptNumber }) => {
      if (!isRetryable(error)) return false;
      const retryAfterMs = retryAfterOf(error);
      if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) return false;
      // Half fixed, half random ("equal jitter"): clients that failed together spread out,
      // yet each still waits at least half the backoff.
      const backoff = Math.min(maxDelayMs, baseDelayMs * factor ** (attemptNumber - 1));
      const delayMs = retryAfterMs ?? backoff / 2 + (random() * backoff) / 2;
      await options.onRetry?.({ attempt: attemptNumber, delayMs, error });
      await delay(delayMs, options.signal);
      return true;
    },
  });
}

function isRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'retryable' in error && error.retryable === true;
}

function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('retryAfterMs' in error)) return undefined;
  return typeof error.retryAfterMs === 'number' ? error.retryAfterMs : undefined;
}

/** Waits `ms`; on abort rejects with the signal's reason, as fetch does, not a generic AbortError. */
async function defaultDelay(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  }
}
