import type { GitRunner } from './git-runner.js';

/** Whether the repository at `gitDir` holds commit `sha` (with its objects reachable from it, as a fetch leaves them). */
export async function hasGitCommit(git: GitRunner, gitDir: string, sha: string): Promise<boolean> {
  return (await git.tryRun('cat-file', ['-e', `${sha}^{commit}`], { gitDir })) !== null;
}
