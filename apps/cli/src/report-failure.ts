import { CommanderError } from 'commander';
import { ExitCode, toRagshipError } from '@ragship/core';

/** What the CLI prints and exits with when a command fails. */
export interface FailureReport {
  exitCode: ExitCode;
  /** The one line for a person, on stderr. */
  stderr: string;
  /** With `--json`: `{"error":{"code","message","gates"?}}` on stdout, for a script. */
  stdout?: string;
}

/**
 * The report of a failed command. Every failure surfaces as a ragship error code (one the code
 * did not foresee as `INTERNAL`); the exit code is that code's (`ERROR_CODES`). Commander's own
 * usage errors have already printed themselves: they only choose the exit code.
 */
export function reportFailure(error: unknown, options: { json: boolean }): FailureReport {
  if (error instanceof CommanderError) {
    return { exitCode: error.exitCode === 0 ? ExitCode.ok : ExitCode.usage, stderr: '' };
  }
  const failure = toRagshipError(error);
  const { code, message } = failure;
  const report: FailureReport = { exitCode: failure.meaning.exitCode, stderr: `ragship: ${message}\n` };
  if (options.json) {
    const gates = 'results' in failure ? { gates: failure.results } : {};
    report.stdout = `${JSON.stringify({ error: { code, message, ...gates } })}\n`;
  }
  return report;
}
