/** The built `ragship` CLI as the suite runs it: one command to completion, or `serve` until it listens. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const RAGSHIP = fileURLToPath(new URL('../../apps/cli/bin/ragship.js', import.meta.url));
const run = promisify(execFile);

/** Runs `ragship …args --json` in `cwd` with `env` and returns its parsed stdout. */
export async function ragship(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<unknown> {
  try {
    const { stdout } = await run(process.execPath, [RAGSHIP, ...args, '--json'], {
      cwd,
      env,
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
    });
    return JSON.parse(stdout) as unknown;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`ragship ${args.join(' ')} failed: ${stderr.slice(-2000) || String(error)}`, { cause: error });
  }
}

/** A running `ragship serve`. */
export interface RunningApi {
  /** e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Stops it (SIGTERM, SIGKILL after 5 s); resolves once it has exited. */
  stop(): Promise<void>;
  /** Whether the process has exited (a crash shows here). */
  exited(): boolean;
}

/**
 * Starts `ragship [--config <file>] serve --port 0` and resolves once it prints its URL. Its logs
 * are read and dropped, but for the last few kilobytes, which an early exit reports.
 */
export function serve(cwd: string, env: NodeJS.ProcessEnv, configFile: string): Promise<RunningApi> {
  const child = spawn(process.execPath, [RAGSHIP, '--config', configFile, 'serve', '--port', '0', '--json'], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (data: Buffer) => (errors = (errors + data.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    let output = '';
    child.on('error', reject);
    child.on('exit', (code) =>
      reject(new Error(`ragship serve exited with ${code}: ${errors || output.slice(-2000)}`)),
    );
    child.stdout.on('data', (data: Buffer) => {
      if (output.length > 100_000) return;
      output += data.toString();
      const match = /"url":\s*"http:\/\/[^:"]+:(\d+)"/.exec(output);
      if (match) {
        resolve({
          url: `http://127.0.0.1:${match[1]}`,
          stop: () => stopChild(child),
          exited: () => child.exitCode !== null || child.signalCode !== null,
        });
      }
    });
  });
}

function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
