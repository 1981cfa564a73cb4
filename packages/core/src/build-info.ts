import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { RagshipEnvironmentVariables } from './load-config.js';

/**
 * Which build of ragship is running: `GET /version`, the body of `/readyz`, the API's start
 * log line, and the audit entries of the promotions and rollbacks it ran report it.
 */
export interface BuildInfo {
  /**
   * What was deployed: `RAGSHIP_BUILD` when set (CD sets it to the image digest, e.g.
   * `ghcr.io/acme/ragship@sha256:…`, or a local image id `sha256:…`), else {@link BuildInfo.gitSha}.
   */
  build: string;
  /**
   * The commit built: `RAGSHIP_GIT_SHA` (baked into the image), else the working directory's
   * `git rev-parse HEAD`, else `unknown`.
   */
  gitSha: string;
  /** The product version, e.g. `0.1.0`. */
  version: string;
}

/** Options of {@link resolveBuildInfo}. */
export interface BuildInfoOptions {
  /** The product version (the edge reads it from its package.json, see {@link packageVersion}). */
  version: string;
  /** Directory whose git checkout names the commit when `RAGSHIP_GIT_SHA` is not set. */
  cwd: string;
  /** Reads the commit of `cwd`'s checkout; undefined when there is none. Default: `git rev-parse HEAD`. */
  readGitSha?: (cwd: string) => string | undefined;
}

/**
 * Resolves the running build from the environment, once, at the edge (the CLI's context, the
 * API's entry). Blank variables count as unset, so an image built without a SHA still falls back.
 */
export function resolveBuildInfo(
  variables: Pick<RagshipEnvironmentVariables, 'RAGSHIP_BUILD' | 'RAGSHIP_GIT_SHA'>,
  options: BuildInfoOptions,
): BuildInfo {
  const gitSha = variables.RAGSHIP_GIT_SHA?.trim() || (options.readGitSha ?? gitHead)(options.cwd) || 'unknown';
  return { build: variables.RAGSHIP_BUILD?.trim() || gitSha, gitSha, version: options.version };
}

/** The `version` of a package.json, e.g. `packageVersion(new URL('../package.json', import.meta.url))`. */
export function packageVersion(packageJson: URL): string {
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown };
  return typeof version === 'string' ? version : 'unknown';
}

/** `git rev-parse HEAD` in `cwd`; undefined outside a checkout or without git. */
function gitHead(cwd: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}
