import { describe, expect, it } from 'vitest';
import { mapConcurrent } from './map-concurrent.js';

describe('mapConcurrent', () => {
  it('when items are mapped, then results keep their order, calls stay within the limit and progress counts up', async () => {
    let inFlight = 0;
    let most = 0;
    const progress: number[] = [];
    const results = await mapConcurrent(
      [5, 1, 4, 2, 3],
      async (value, index) => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, value));
        inFlight--;
        return `${index}:${value}`;
      },
      { concurrency: 2, onDone: (done) => progress.push(done) },
    );
    expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3']);
    expect(most).toBe(2);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
  });

  it('when a call fails, then the whole rejects and no further call starts', async () => {
    const started: number[] = [];
    await expect(
      mapConcurrent(
        [1, 2, 3, 4],
        async (value) => {
          started.push(value);
          if (value === 1) throw new Error('boom');
          await new Promise((resolve) => setTimeout(resolve, 5));
          return value;
        },
        { concurrency: 1 },
      ),
    ).rejects.toThrow('boom');
    expect(started).toEqual([1]);
  });
});
