import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '@ragship/core';
import { GitCommandError } from './git-command-error.js';
import type { GitRunner } from './git-runner.js';
import { hasGitCommit } from './has-git-commit.js';
import type { GitSpec } from './parse-git-spec.js';
import type { ResolvedRef } from './resolve-git-ref.js';

/** The ref of the clone that the last fetch wrote. */
const FETCHED_REF = 'refs/ragship/fetched';

/**
 * Makes the commit `resolved` names present in the bare clone at `gitDir` (created on first use)
 * and returns its SHA: nothing is fetched when the clone already has it, else `git fetch --no-tags
 * <url> +<ref>:refs/ragship/fetched`. The URL is given on the command line each time and no remote
 * is configured, so the clone's files never hold it with credentials (FETCH_HEAD names the
 * credential-free URL). The SHA is the one fetched, which is newer than `resolved.sha` if the
 * branch moved in between.
 *
 * @throws InvalidInputError when the remote does not serve a commit the spec gave by SHA.
 */
export async function fetchGitCommit(
  git: GitRunner,
  gitDir: string,
  spec: GitSpec,
  resolved: ResolvedRef,
): Promise<string> {
  if (!existsSync(path.join(gitDir, 'HEAD'))) await git.run('init', ['--bare', '--quiet', gitDir]);
  if (await hasGitCommit(git, gitDir, resolved.sha)) return resolved.sha;
  const bySha = resolved.fetchRef === resolved.sha;
  try {
    await git.run(
      'fetch',
      ['--no-tags', '--quiet', '--no-recurse-submodules', spec.url, `+${resolved.fetchRef}:${FETCHED_REF}`],
      {
        gitDir,
      },
    );
  } catch (error) {
    if (!bySha || !(error instanceof GitCommandError) || error.timedOut) throw error;
    throw new InvalidInputError(
      `Cannot fetch commit ${resolved.sha} from the git repository ${spec.repository}: it has no such commit, or its ` +
        `server does not hand out commits by SHA (name a branch or tag instead). git said: ${error.stderr}`,
      'ref',
    );
  }
  return (await git.run('rev-parse', ['--verify', `${FETCHED_REF}^{commit}`], { gitDir })).trim();
}
