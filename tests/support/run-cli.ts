import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built `ragship` entry: end-to-end tests run the real CLI as a user would. */
export const RAGSHIP_BIN = fileURLToPath(new URL('../../apps/cli/bin/ragship.js', import.meta.url));

/** The result of one finished CLI run. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running CLI process (serve, quickstart) and what it printed so far. */
export interface CliProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the process has exited. */
  exited: Promise<CliRun>;
  /** Resolves with the first match of `pattern` in stdout, or rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Where and how to run the CLI: working directory, extra environment variables, Node flags. */
export interface CliOptions {
  cwd: string;
  env?: Record<string, string>;
  nodeOptions?: string[];
}

/** Starts `ragship …args` in `cwd` with extra environment variables. */
export function startCli(args: string[], options: CliOptions): CliProcess {
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), RAGSHIP_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const exited = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return {
    child,
    exited,
    output: () => `${stdout}\n--- stderr ---\n${stderr}`,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => {
          clearInterval(poll);
          reject(new Error(`Timed out waiting for ${String(pattern)}. Output:\n${stdout}\n${stderr}`));
        }, timeoutMs);
        const poll = setInterval(() => {
          const match = pattern.exec(stdout);
          if (match) {
            clearInterval(poll);
            clearTimeout(deadline);
            resolve(match);
          } else if (child.exitCode !== null) {
            clearInterval(poll);
            clearTimeout(deadline);
            reject(
              new Error(
                `ragship exited with ${child.exitCode} before printing ${String(pattern)}:\n${stdout}\n${stderr}`,
              ),
            );
          }
        }, 50);
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return (await exited).code;
    },
  };
}

/** Runs `ragship …args` to completion. */
export function runCli(args: string[], options: CliOptions): Promise<CliRun> {
  return startCli(args, options).exited;
}
