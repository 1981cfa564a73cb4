import { describe, expect, it } from 'vitest';
import { periodicYield } from './periodic-yield.js';

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('periodicYield', () => {
  it('when a loop calls it faster than the interval, then it returns nothing to wait for', () => {
    const maybeYield = periodicYield(10_000);
    expect(maybeYield()).toBeUndefined();
  });

  it('when CPU work passes the interval, then an I/O callback that was waiting runs before the loop goes on', async () => {
    const maybeYield = periodicYield(1);
    const order: string[] = [];
    setImmediate(() => order.push('io'));
    for (let step = 0; step < 3; step++) {
      busy(2);
      await maybeYield();
      order.push(`step ${step}`);
    }
    expect(order[0]).toBe('io');
    expect(order).toHaveLength(4);
  });

  it('when nothing is awaited between steps, then the same callback waits for the whole loop', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('io'));
    for (let step = 0; step < 3; step++) {
      busy(2);
      await Promise.resolve();
      order.push(`step ${step}`);
    }
    expect(order.at(-1)).toBe('step 2');
    await new Promise((resolve) => setImmediate(resolve));
    expect(order.at(-1)).toBe('io');
  });
});
