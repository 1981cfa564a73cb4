import { spawn } from 'node:child_process';

/**
 * Runs a command to completion: stdout is captured (the scripts print their JSON there), stderr
 * goes to this process's stderr so progress shows. Resolves with the exit code and stdout; with
 * `check` (the default) a non-zero exit rejects, naming the command and its last output.
 */
export function runCommand(command, args, { env = {}, cwd, check = true, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data) => (stdout += data));
    child.stderr?.on('data', (data) => (stderr += data));
    child.on('error', reject);
    child.on('close', (code) => {
      if (check && code !== 0) {
        const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-15).join('\n');
        reject(new Error(`${command} ${args.join(' ')} exited ${code}\n${tail}`));
      } else {
        resolve({ code, stdout, stderr });
      }
    });
  });
}

/** The last line of `text` that parses as JSON (scripts print one summary line after their logs). */
export function lastJsonLine(text) {
  const lines = text.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      return JSON.parse(line);
    } catch {
      // a log line
    }
  }
  throw new Error(`no JSON line in:\n${text.slice(-2000)}`);
}

/**
 * Polls `probe` every 250 ms until it resolves truthy; rejects with `what` after `timeoutMs`. A
 * probe that throws is tried again, unless `stopOnError` (then its error is the answer).
 */
export async function waitFor(what, probe, timeoutMs = 60_000, { stopOnError = false } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      if (stopOnError) throw error;
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s${last ? `: ${last.message}` : ''}`);
}
