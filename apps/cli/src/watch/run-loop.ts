/** Why a watch run started. */
export type WatchTrigger = 'start' | 'change' | 'poll' | 'request';

/** A loop that runs one job at a time and folds triggers that arrive during a run into one follow-up run. */
export interface RunLoop {
  /** Asks for a run: now when idle, else once after the current run (however many triggers arrive). */
  trigger(reason: WatchTrigger): void;
  /** Resolves when no run is going and none is pending. */
  idle(): Promise<void>;
  /** Takes no more triggers; resolves when the current run (if any) has ended. */
  stop(): Promise<void>;
}

/**
 * Runs `job` on each trigger, never two at once: a trigger during a run marks one follow-up, which
 * starts when the run ends and carries the first pending trigger's reason. A job's failure is the
 * job's to report; the loop goes on.
 */
export function createRunLoop(job: (reason: WatchTrigger) => Promise<void>): RunLoop {
  let running: Promise<void> | undefined;
  let pending: WatchTrigger | undefined;
  let stopped = false;
  let waiters: (() => void)[] = [];

  const settle = () => {
    if (running || pending) return;
    for (const resolve of waiters) resolve();
    waiters = [];
  };
  const start = (reason: WatchTrigger) => {
    running = job(reason)
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
        const next = pending;
        pending = undefined;
        if (next && !stopped) start(next);
        else settle();
      });
  };

  return {
    trigger(reason) {
      if (stopped) return;
      if (running) pending ??= reason;
      else start(reason);
    },
    idle() {
      if (!running && !pending) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    async stop() {
      stopped = true;
      pending = undefined;
      await running;
    },
  };
}
