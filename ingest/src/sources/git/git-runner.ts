import { execFile, type ExecFileException } from 'node:child_process';
import { ConfigError, maskUrlSecrets } from '@ragship/core';
import { GitCommandError } from './git-command-error.js';

/** Options of {@link createGitRunner}. */
export interface GitRunnerOptions {
  /** The git executable. */
  gitCommand: string;
  /** The whole environment git runs in (see `gitEnvironment`). */
  environment: NodeJS.ProcessEnv;
  /** Longest one command may run, in milliseconds; then it is stopped with SIGTERM. */
  timeoutMs: number;
  /** The credential-free location, for error messages. */
  location: string;
  /** Strings masked wherever git's output is quoted (a password, a token, an Authorization header). */
  secrets: readonly string[];
  /** Whether git was given a user name and password, for the hint when the server refuses a sign-in. */
  hasCredentials: boolean;
  /** Aborting stops the running command (SIGTERM) and rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** Where a command runs and what it reads. */
export interface GitCommandOptions {
  /** The repository (`--git-dir`). */
  gitDir?: string;
  /** The work tree (`--work-tree`). */
  workTree?: string;
  /** Written to the command's standard input. */
  input?: string;
}

/** Runs git commands without a shell, bounded in time, with errors that name what failed and never a secret. */
export interface GitRunner {
  /**
   * Runs `git <subcommand> <args…>` and returns its standard output.
   *
   * @throws GitCommandError when git exits non-zero or runs out of time; ConfigError when git is not installed.
   */
  run(subcommand: string, args: readonly string[], options?: GitCommandOptions): Promise<string>;
  /** Like {@link GitRunner.run}, but a non-zero exit (a question answered "no") gives null. */
  tryRun(subcommand: string, args: readonly string[], options?: GitCommandOptions): Promise<string | null>;
}

/** Largest output one command may print: a full `ls-tree -r` of a very large repository. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

// No background `gc --auto` outlives the command that started it (and so the snapshot, or an abort).
const GLOBAL_ARGUMENTS = ['-c', 'gc.autoDetach=false'];

interface Outcome {
  error: ExecFileException | null;
  stdout: string;
  stderr: string;
}

/** A {@link GitRunner} with `options` for every command. */
export function createGitRunner(options: GitRunnerOptions): GitRunner {
  const execute = (subcommand: string, args: readonly string[], command: GitCommandOptions): Promise<Outcome> => {
    const fullArguments = [
      ...GLOBAL_ARGUMENTS,
      ...(command.gitDir === undefined ? [] : ['--git-dir', command.gitDir]),
      ...(command.workTree === undefined ? [] : ['--work-tree', command.workTree]),
      subcommand,
      ...args,
    ];
    return new Promise((resolve) => {
      const child = execFile(
        options.gitCommand,
        fullArguments,
        {
          env: options.environment,
          timeout: options.timeoutMs,
          signal: options.signal,
          maxBuffer: MAX_OUTPUT_BYTES,
          encoding: 'utf8',
          windowsHide: true,
        },
        (error, stdout, stderr) => resolve({ error, stdout, stderr }),
      );
      // git may exit before reading its input; that is its error to report, not a crash of ours.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(command.input);
    });
  };

  const tryRun = async (subcommand: string, args: readonly string[], command: GitCommandOptions = {}) => {
    const outcome = await execute(subcommand, args, command);
    if (outcome.error === null) return outcome.stdout;
    if (typeof outcome.error.code === 'number' && !outcome.error.killed) return null;
    throw failure(subcommand, outcome.error, outcome.stderr, options);
  };

  return {
    tryRun,
    async run(subcommand, args, command = {}) {
      const outcome = await execute(subcommand, args, command);
      if (outcome.error === null) return outcome.stdout;
      throw failure(subcommand, outcome.error, outcome.stderr, options);
    },
  };
}

/** The error for a command that did not succeed. */
function failure(subcommand: string, error: ExecFileException, rawStderr: string, options: GitRunnerOptions): unknown {
  if (options.signal?.aborted) return options.signal.reason;
  if (error.code === 'ENOENT') {
    return new ConfigError(
      `git is not installed, or "${options.gitCommand}" is not on the PATH: install git (e.g. apt-get install git) ` +
        'to ingest git repositories.',
      'sources.git.gitCommand',
    );
  }
  const stderr = lastLines(maskSecrets(rawStderr, options.secrets));
  const said = stderr === '' ? '.' : `: ${stderr}`;
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return new GitCommandError(
      `git ${subcommand} printed more than ${MAX_OUTPUT_BYTES} bytes for ${options.location}.`,
      subcommand,
      null,
      stderr,
      false,
    );
  }
  if (error.killed) {
    return new GitCommandError(
      `git ${subcommand} ran longer than ${options.timeoutMs} ms for ${options.location} and was stopped ` +
        `(sources.git.timeoutMs)${said}`,
      subcommand,
      null,
      stderr,
      true,
    );
  }
  const exitCode = typeof error.code === 'number' ? error.code : null;
  return new GitCommandError(
    `git ${subcommand} failed for ${options.location} (exit ${exitCode ?? error.signal ?? 'unknown'})${said}` +
      signInHint(stderr, options.hasCredentials),
    subcommand,
    exitCode,
    stderr,
    false,
  );
}

/** What to do when git's output says the server wants (other) credentials. */
function signInHint(stderr: string, hadCredentials: boolean): string {
  if (!/could not read (username|password)|authentication failed|\b401\b/i.test(stderr)) return '';
  return hadCredentials
    ? ' The server refused the user name and password given (in the URL or sources.git.username/password).'
    : ' The repository asks for a user name and password: set sources.git.username and sources.git.password ' +
        '(RAGSHIP_GIT_USERNAME, RAGSHIP_GIT_PASSWORD).';
}

/** `text` with every secret, and any URL's password or credential parameter, replaced by `***`. */
function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret !== '') masked = masked.split(secret).join('***');
  }
  return maskUrlSecrets(masked);
}

/** The last few non-empty lines of git's error output, on one line, for a message. */
function lastLines(text: string, count = 4): string {
  const lines = text
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const tail = lines.slice(-count).join(' / ');
  return tail.length > 1000 ? `…${tail.slice(-1000)}` : tail;
}
