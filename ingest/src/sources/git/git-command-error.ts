import { RagshipError } from '@ragship/core';

/**
 * A git command failed or ran out of time: the remote could not be reached or refused us, or the
 * local clone is broken. The message names the command and the credential-free location and
 * quotes the end of git's error output with any credentials masked. It carries no `cause`: git's
 * raw output stays behind.
 */
export class GitCommandError extends RagshipError {
  override readonly name = 'GitCommandError';

  constructor(
    message: string,
    /** The git subcommand, e.g. `fetch`. */
    readonly command: string,
    /** git's exit code; null when it was stopped (a timeout). */
    readonly exitCode: number | null,
    /** The last lines git wrote to stderr, credentials masked. */
    readonly stderr: string,
    /** True when git ran past `timeoutMs` and was stopped: trying again later may work. */
    readonly timedOut: boolean,
  ) {
    super('SOURCE_UNAVAILABLE', message);
  }
}
