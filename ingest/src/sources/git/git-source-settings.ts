import { ConfigError } from '@ragship/core';

/**
 * How a git source runs git. A user name and password given here (or in an `https://user:pass@…`
 * URL) reach git through its environment as an `Authorization` header: never logged, recorded,
 * quoted in errors, written to disk or given to git on its command line.
 */
export interface GitSourceSettings {
  /**
   * User name for `http(s)://` repositories (the config fills it from `RAGSHIP_GIT_USERNAME`). A
   * user name in the URL wins over this one. For a token, any name the host accepts, e.g.
   * `x-access-token` on GitHub, `oauth2` on GitLab.
   */
  username?: string | undefined;
  /** Password or token for `http(s)://` repositories (from `RAGSHIP_GIT_PASSWORD`); needs {@link username}. */
  password?: string | undefined;
  /** Longest one git command (`ls-remote`, `fetch`, a checkout) may run, in milliseconds. Default 120000. */
  timeoutMs: number;
  /** The git executable, a name looked up on `environment.PATH` or a path. Default `git`. */
  gitCommand: string;
  /**
   * The environment git is started from, as the entry point read it (the CLI's context passes its
   * own environment). Only what git needs is passed on: `PATH`, `HOME`, the locale, proxies, TLS
   * trust settings and the user's ssh setup (`SSH_AUTH_SOCK`, `GIT_SSH_COMMAND`, `GIT_SSH`).
   * Default: none, so git finds neither the user's ssh keys nor their git configuration.
   */
  environment?: NodeJS.ProcessEnv | undefined;
}

/** The defaults of {@link GitSourceSettings}. */
export const DEFAULT_GIT_SOURCE_SETTINGS = {
  timeoutMs: 120_000,
  gitCommand: 'git',
} as const satisfies Partial<GitSourceSettings>;

/**
 * `settings` over the defaults, checked: a positive timeout, a password only with a user name.
 *
 * @throws ConfigError naming the setting that is wrong (never its secret value).
 */
export function resolveGitSourceSettings(settings: Partial<GitSourceSettings> = {}): GitSourceSettings {
  const resolved: GitSourceSettings = {
    ...settings,
    timeoutMs: settings.timeoutMs ?? DEFAULT_GIT_SOURCE_SETTINGS.timeoutMs,
    gitCommand: settings.gitCommand ?? DEFAULT_GIT_SOURCE_SETTINGS.gitCommand,
  };
  if (!Number.isInteger(resolved.timeoutMs) || resolved.timeoutMs <= 0) {
    throw new ConfigError('sources.git.timeoutMs must be a positive whole number.', 'sources.git.timeoutMs');
  }
  if (resolved.gitCommand.trim() === '') {
    throw new ConfigError('sources.git.gitCommand must name the git executable.', 'sources.git.gitCommand');
  }
  if (resolved.password && !resolved.username) {
    throw new ConfigError(
      'sources.git.username is missing: a git password or token needs a user name too (RAGSHIP_GIT_USERNAME; ' +
        'for a token, one the host accepts, e.g. x-access-token on GitHub).',
      'sources.git.username',
    );
  }
  return resolved;
}
