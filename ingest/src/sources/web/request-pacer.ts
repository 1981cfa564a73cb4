import { setTimeout as sleep } from 'node:timers/promises';

/** Spaces out the starts of requests to one site. */
export interface RequestPacer {
  /**
   * Resolves when the next request may start, with a function to call once its answer (or
   * failure) arrives. Turns are handed out in call order. Rejects when `signal` aborts.
   */
  waitTurn(signal?: AbortSignal): Promise<() => void>;
  /** Raises the interval to at least `intervalMs` (a robots.txt `Crawl-delay`); never lowers it. */
  raiseInterval(intervalMs: number): void;
}

interface Turn {
  startedAt: number;
  answeredAt?: number;
}

/**
 * A pacer that lets one request start every `intervalMs` milliseconds at most. A request reaches
 * the server some time between its turn and its answer (a new connection, a busy event loop), so
 * when the previous request has been answered by the time the next is due, the interval counts
 * from that answer: the server never sees two requests closer than the interval. Each turn counts
 * from the moment the previous one actually began, so a late turn never squeezes the next.
 */
export function createRequestPacer(intervalMs: number): RequestPacer {
  let interval = intervalMs;
  let previousTurn: Promise<Turn> = Promise.resolve({ startedAt: Number.NEGATIVE_INFINITY });
  const turns = async (previous: Turn): Promise<Turn> => {
    await sleepUntil(previous.startedAt + interval);
    if (previous.answeredAt !== undefined) await sleepUntil(previous.answeredAt + interval);
    return { startedAt: performance.now() };
  };
  return {
    async waitTurn(signal) {
      signal?.throwIfAborted();
      const turn = previousTurn.then(turns);
      previousTurn = turn;
      const current = await untilAborted(turn, signal);
      return () => {
        current.answeredAt ??= performance.now();
      };
    },
    raiseInterval(newInterval) {
      interval = Math.max(interval, newInterval);
    },
  };
}

async function sleepUntil(time: number): Promise<void> {
  const wait = time - performance.now();
  // Not tied to one caller's signal: later turns wait on this one. Unref'd, so an aborted run exits.
  // Timers may fire up to a millisecond early by the monotonic clock; the extra one keeps the gap whole.
  if (wait > 0) await sleep(Math.ceil(wait) + 1, undefined, { ref: false });
}

/** `promise`, or a rejection with the signal's reason as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort!));
}
