import type { GitRunner } from './git-runner.js';

/** The paths (repository paths, `/` separators) of the files commit `sha` has under `subPath`, or in all when null. */
export async function listGitFiles(
  git: GitRunner,
  gitDir: string,
  sha: string,
  subPath: string | null,
): Promise<string[]> {
  const output = await git.run(
    'ls-tree',
    ['-r', '-z', '--name-only', sha, '--', ...(subPath === null ? [] : [subPath])],
    { gitDir },
  );
  return output.split('\0').filter((filePath) => filePath !== '');
}
