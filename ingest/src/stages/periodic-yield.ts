import { setImmediate } from 'node:timers/promises';

/**
 * For a long loop of CPU work that shares its thread with requests in flight: the function
 * returned gives the event loop a turn (what waits on I/O — a response, a socket ready for more —
 * runs first) when `intervalMs` or more have passed since the last one, and costs a clock read
 * otherwise. Without it, a loop whose awaits all resolve at once (parsing, chunking, hashing) holds
 * the thread for seconds, and a request it started meanwhile waits to send its body or read its
 * answer — ingest measured the store idle 40% of the time that way.
 */
export function periodicYield(intervalMs = 1): () => Promise<void> | undefined {
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (now - last < intervalMs) return undefined;
    return setImmediate().then(() => {
      last = performance.now();
    });
  };
}
