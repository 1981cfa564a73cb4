import { describe, expect, it } from 'vitest';
import { createRunLoop, type WatchTrigger } from './run-loop.js';

/** A job whose runs end when the test says so. */
function controllableJob() {
  const runs: WatchTrigger[] = [];
  const finishers: (() => void)[] = [];
  const job = (reason: WatchTrigger) => {
    runs.push(reason);
    return new Promise<void>((resolve) => finishers.push(resolve));
  };
  const finishCurrent = async () => {
    finishers.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { runs, job, finishCurrent };
}

describe('the watch run loop', () => {
  it('when triggers arrive during a run, then they make exactly one follow-up run, never two at once', async () => {
    const { runs, job, finishCurrent } = controllableJob();
    const loop = createRunLoop(job);
    loop.trigger('start');
    loop.trigger('change');
    loop.trigger('request');
    loop.trigger('change');
    expect(runs).toEqual(['start']);
    await finishCurrent();
    expect(runs).toEqual(['start', 'change']);
    await finishCurrent();
    expect(runs).toEqual(['start', 'change']);
    await loop.idle();
  });

  it('when a run fails, then the loop goes on with the next trigger', async () => {
    const runs: WatchTrigger[] = [];
    const loop = createRunLoop((reason) => {
      runs.push(reason);
      return runs.length === 1 ? Promise.reject(new Error('source down')) : Promise.resolve();
    });
    loop.trigger('poll');
    await loop.idle();
    loop.trigger('poll');
    await loop.idle();
    expect(runs).toEqual(['poll', 'poll']);
  });

  it('when stopped during a run, then the pending follow-up is dropped and stop waits for the run', async () => {
    const { runs, job, finishCurrent } = controllableJob();
    const loop = createRunLoop(job);
    loop.trigger('start');
    loop.trigger('change');
    const stopped = loop.stop();
    await finishCurrent();
    await stopped;
    loop.trigger('change');
    expect(runs).toEqual(['start']);
  });
});
