/**
 * A tiny process supervisor: runs one command and makes sure it never outlives whoever started
 * this script, even when that parent is killed with SIGKILL and gets no chance to clean up.
 *
 * Usage: `node supervisor.js [--report-pid-fd=N] <command> [arguments…]`
 *
 * - The command inherits this script's stdout and stderr, so its output reaches the parent as is.
 * - stdin must be a pipe the parent keeps open. The operating system closes it when the parent
 *   exits for any reason; on end of input this script stops the command.
 * - SIGTERM, SIGINT and SIGHUP also stop the command. Stopping means SIGTERM, then SIGKILL when
 *   the command is still running five seconds later.
 * - This script exits with the command's exit code (128 + signal number when a signal ended it).
 * - With `--report-pid-fd=N` it writes one JSON line `{"pid":<command pid>}` to the already open
 *   file descriptor N, then closes it.
 *
 * Runs as compiled JavaScript from `dist/` and, in development, as TypeScript straight from
 * `src/` through Node's type stripping: keep it to erasable syntax and `node:` imports only.
 */
import { spawn } from 'node:child_process';
import { closeSync, writeSync } from 'node:fs';
import { constants } from 'node:os';

const killGraceMs = 5_000;
const reportPidFlag = '--report-pid-fd=';

const commandLine = process.argv.slice(2);
let reportPidFd: number | undefined;
if (commandLine[0]?.startsWith(reportPidFlag)) {
  reportPidFd = Number(commandLine.shift()?.slice(reportPidFlag.length));
}
const [command, ...commandArguments] = commandLine;
if (command === undefined) {
  process.stderr.write('usage: supervisor [--report-pid-fd=N] <command> [arguments…]\n');
  process.exit(2);
}

const child = spawn(command, commandArguments, { stdio: ['ignore', 'inherit', 'inherit'] });

if (reportPidFd !== undefined) {
  try {
    writeSync(reportPidFd, `${JSON.stringify({ pid: child.pid ?? null })}\n`);
    closeSync(reportPidFd);
  } catch {
    // The parent stopped listening; the pid report is a courtesy, supervising goes on.
  }
}

let stopping = false;
function stopChild(): void {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), killGraceMs).unref();
}

child.on('error', (error) => {
  process.stderr.write(`supervisor: cannot run ${command}: ${error.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal === null ? 1 : 128 + constants.signals[signal]));
});

process.stdin.on('end', stopChild);
process.stdin.on('close', stopChild);
process.stdin.on('error', stopChild);
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, stopChild);
