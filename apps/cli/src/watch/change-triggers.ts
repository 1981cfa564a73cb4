import { watch, type FSWatcher } from 'node:fs';

/** Something that calls back on change until closed. */
export interface ChangeTrigger {
  close(): void;
}

/**
 * Calls `onChange` once the folder `directory` (and everything under it) has been quiet for
 * `debounceMs` after a change: an editor's save, a `git pull` or a copy of many files is one call.
 * Hidden entries (`.git`, editor swap files) are ignored, as ingest ignores them.
 */
export function watchDirectory(directory: string, debounceMs: number, onChange: () => void): ChangeTrigger {
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(directory, { recursive: true }, (_event, name) => {
    if (
      name &&
      String(name)
        .split(/[\\/]/)
        .some((part) => part.startsWith('.'))
    )
      return;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}

/** Calls `onTick` every `intervalMs` (not overlapping itself: the next tick is timed from the end of the last). */
export function pollEvery(intervalMs: number, onTick: () => Promise<void> | void): ChangeTrigger {
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => {
      void Promise.resolve()
        .then(onTick)
        .catch(() => undefined)
        .finally(schedule);
    }, intervalMs);
  };
  schedule();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
