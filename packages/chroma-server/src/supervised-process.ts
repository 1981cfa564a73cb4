import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';

import { LogTail } from './log-tail.js';
import { supervisorScriptPath } from './supervisor-script-path.js';

/** How a supervised process ended. */
export interface SupervisedProcessExit {
  /** Exit code of the supervisor, which is the command's own code (128 + n after signal n). */
  readonly code: number | null;
  /** The signal that ended the supervisor itself, if any. */
  readonly signal: NodeJS.Signals | null;
  /** Set when the supervisor could not be spawned at all. */
  readonly error?: Error;
}

/** A command running under `supervisor.ts`, so that it dies with this process. */
export interface SupervisedProcess {
  /** The command's own process id once the supervisor reported it; `undefined` if it never did. */
  readonly pid: Promise<number | undefined>;
  /** Settles once the supervisor has exited and its output is closed. Never rejects. */
  readonly exited: Promise<SupervisedProcessExit>;
  /** The last lines of the command's stdout and stderr. */
  readonly logTail: LogTail;
  /** Whether {@link exited} has settled. */
  hasExited(): boolean;
  /**
   * Sends SIGTERM to the supervisor and the command, waits up to `graceMs` (default 5000) for
   * them to exit, then sends SIGKILL. Safe to call more than once; later calls share the first.
   */
  stop(graceMs?: number): Promise<void>;
}

/** Options of {@link spawnSupervisedProcess}. */
export interface SpawnSupervisedProcessOptions {
  /** Called with every line of output (stdout and stderr), colour codes removed. */
  readonly onLog?: (line: string) => void;
  /** How many lines of output to keep for error messages (default 50). */
  readonly logTailLines?: number;
  /**
   * Environment of the supervisor, which the command inherits (default: this process's). Pass
   * only what the command needs: secrets in it are readable by whoever can inspect the processes.
   */
  readonly environment?: NodeJS.ProcessEnv;
}

/**
 * Starts `command` with `commandArguments` under the supervisor script. The supervisor runs in its
 * own process group and holds a stdin pipe from this process; when this process ends in any way,
 * even SIGKILL, the pipe closes and the supervisor stops the command. A `process.on('exit')` hook
 * also signals the group while the process runs, and is removed once it has exited.
 */
export function spawnSupervisedProcess(
  command: string,
  commandArguments: readonly string[],
  options: SpawnSupervisedProcessOptions = {},
): SupervisedProcess {
  const logTail = new LogTail(options.logTailLines ?? 50, options.onLog);
  const supervisor = spawn(
    process.execPath,
    [supervisorScriptPath(), '--report-pid-fd=3', command, ...commandArguments],
    {
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      env: options.environment,
    },
  );

  const signalGroup = (signal: NodeJS.Signals): void => {
    if (supervisor.pid === undefined) return;
    try {
      process.kill(process.platform === 'win32' ? supervisor.pid : -supervisor.pid, signal);
    } catch {
      // Already gone.
    }
  };
  // Runs synchronously while this process exits normally or through process.exit(); a fatal
  // signal skips it, which is what the supervisor's stdin pipe is for.
  const forgetExitHook = onThisProcessExit(() => signalGroup('SIGTERM'));

  for (const stream of [supervisor.stdout, supervisor.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => logTail.write(chunk));
  }

  let exitedNow = false;
  const exited = new Promise<SupervisedProcessExit>((resolve) => {
    const settle = (exit: SupervisedProcessExit): void => {
      if (exitedNow) return;
      exitedNow = true;
      logTail.flush();
      forgetExitHook();
      resolve(exit);
    };
    supervisor.once('error', (error) => settle({ code: null, signal: null, error }));
    supervisor.once('close', (code, signal) => settle({ code, signal }));
  });

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 5_000): Promise<void> => {
    stopping ??= (async () => {
      if (exitedNow) return;
      signalGroup('SIGTERM');
      const graceful = await Promise.race([exited.then(() => true), delay(graceMs, false, { ref: false })]);
      if (!graceful) signalGroup('SIGKILL');
      await exited;
    })();
    return stopping;
  };

  return {
    pid: readReportedPid(supervisor.stdio[3] as Readable | null),
    exited,
    logTail,
    hasExited: () => exitedNow,
    stop,
  };
}

/** Callbacks to run when this process exits; one shared 'exit' listener serves them all. */
const exitHooks = new Set<() => void>();
const runExitHooks = (): void => exitHooks.forEach((hook) => hook());

/** Runs `hook` when this process exits; returns a function that removes it again. */
function onThisProcessExit(hook: () => void): () => void {
  if (exitHooks.size === 0) process.on('exit', runExitHooks);
  exitHooks.add(hook);
  return () => {
    exitHooks.delete(hook);
    if (exitHooks.size === 0) process.off('exit', runExitHooks);
  };
}

/** Reads the `{"pid":…}` line the supervisor writes to its report pipe; `undefined` if none comes. */
function readReportedPid(report: Readable | null): Promise<number | undefined> {
  if (report === null) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let text = '';
    report.setEncoding('utf8');
    report.on('data', (chunk: string) => {
      text += chunk;
      const lineEnd = text.indexOf('\n');
      if (lineEnd === -1) return;
      report.destroy();
      resolve(parsePid(text.slice(0, lineEnd)));
    });
    report.once('close', () => resolve(undefined));
    report.once('error', () => resolve(undefined));
  });
}

function parsePid(line: string): number | undefined {
  try {
    const parsed = JSON.parse(line) as { pid?: unknown };
    return typeof parsed.pid === 'number' ? parsed.pid : undefined;
  } catch {
    return undefined;
  }
}
