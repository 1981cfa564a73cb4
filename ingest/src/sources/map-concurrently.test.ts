import { expect, it } from 'vitest';
import { mapConcurrently } from './map-concurrently.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

it('when items are worked on, then every item is done and no more than the limit run at once', async () => {
  let running = 0;
  let most = 0;
  const done: number[] = [];

  await mapConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
    running += 1;
    most = Math.max(most, running);
    await tick();
    done.push(item);
    running -= 1;
  });

  expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  expect(most).toBe(3);
});

it('when one item fails, then no new item starts and the failure is thrown', async () => {
  const started: number[] = [];

  const run = mapConcurrently([1, 2, 3, 4, 5, 6], 2, async (item) => {
    started.push(item);
    if (item === 1) throw new Error('item 1 failed');
    await tick();
  });

  await expect(run).rejects.toThrow('item 1 failed');
  expect(started).toEqual([1, 2]);
});
