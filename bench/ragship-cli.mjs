// The built `ragship` CLI as the benches run it: one command to completion, or `serve` in the
// background until it listens.

import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const RAGSHIP = fileURLToPath(new URL('../apps/cli/bin/ragship.js', import.meta.url));

/** Runs `ragship …args` in `cwd` and returns its stdout; stderr (progress) passes through. */
export function cli(args, cwd, env) {
  return execFileSync(process.execPath, [RAGSHIP, ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/**
 * Starts `ragship …globalArgs serve` on a free port; resolves once it listens. Its request logs
 * are read and dropped (a full pipe would stall the server), but for the start and the last of
 * stderr, which an early exit reports. `stop()` resolves once the server has exited; aborting
 * `options.signal` ends the server even before it listens.
 */
export function serve(cwd, env, globalArgs = [], options = {}) {
  const child = spawn(process.execPath, [RAGSHIP, ...globalArgs, 'serve', '--port', '0', '--json'], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let errors = '';
  child.stderr.on('data', (data) => {
    errors = (errors + data.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.on('error', reject);
    child.on('exit', (code) =>
      reject(new Error(`ragship serve exited with ${code}: ${errors || output.slice(-2000)}`)),
    );
    child.stdout.on('data', (data) => {
      if (output.length > 100_000) return;
      output += data.toString();
      const match = /"url":\s*"(http:\/\/[^"]+)"/.exec(output);
      if (match) resolve({ url: match[1], stop: () => stopChild(child) });
    });
  });
}

/** SIGTERM, then SIGKILL when `child` still runs after `graceMs`; resolves once it has exited. */
function stopChild(child, graceMs = 5000) {
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
