import { describe, expect, it } from 'vitest';
import { withRetry } from './with-retry.js';

const busy = () => Promise.reject(Object.assign(new Error('busy'), { retryable: true }));

describe('withRetry', () => {
  it('when backoff grows past maxDelayMs, then each wait is capped at 20 s before jitter', async () => {
    const waits: number[] = [];

    await expect(
      withRetry(busy, {
        maxAttempts: 8,
        random: () => 0.999999,
        delay: (ms) => (waits.push(ms), Promise.resolve()),
      }),
    ).rejects.toThrow('busy');

    expect(waits.map(Math.round)).toEqual([500, 1000, 2000, 4000, 8000, 16000, 20000]);
  });

  it('when the server asks for a longer wait than maxRetryAfterMs, then the error is thrown at once', async () => {
    let attempts = 0;
    const limited = () => (
      attempts++,
      Promise.reject(Object.assign(new Error('slow down'), { retryable: true, retryAfterMs: 120_000 }))
    );

    await expect(withRetry(limited, { delay: () => Promise.resolve() })).rejects.toThrow('slow down');
    expect(attempts).toBe(1);
  });

  it('when an error does not say retryable, then it is thrown after one attempt', async () => {
    let attempts = 0;
    const invalid = () => (attempts++, Promise.reject(new Error('bad request')));

    await expect(withRetry(invalid, { delay: () => Promise.resolve() })).rejects.toThrow('bad request');
    expect(attempts).toBe(1);
  });

  it('when an attempt succeeds after failures, then its result comes back and onRetry saw each wait', async () => {
    const events: { attempt: number; delayMs: number }[] = [];
    const operation = (attempt: number) => (attempt < 3 ? busy() : Promise.resolve(`attempt ${attempt}`));

    const result = await withRetry(operation, {
      random: () => 0,
      delay: () => Promise.resolve(),
      onRetry: ({ attempt, delayMs }) => void events.push({ attempt, delayMs }),
    });

    expect(result).toBe('attempt 3');
    expect(events).toEqual([
      { attempt: 1, delayMs: 250 },
      { attempt: 2, delayMs: 500 },
    ]);
  });

  it('when the default delay is aborted, then withRetry rejects without waiting the backoff out', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('cancelled')), 20);

    await expect(withRetry(busy, { baseDelayMs: 10_000, signal: controller.signal })).rejects.toThrow('cancelled');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('when the signal is aborted before the first attempt, then the operation never runs', async () => {
    let attempts = 0;

    await expect(
      withRetry(() => (attempts++, Promise.resolve()), { signal: AbortSignal.abort(new Error('stopped')) }),
    ).rejects.toThrow('stopped');
    expect(attempts).toBe(0);
  });
});
