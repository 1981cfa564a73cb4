import type { GitCommitRecord } from '../document-source.js';
import type { GitRunner } from './git-runner.js';

// Fields split by the unit separator; `git log -z` ends each commit with NUL. `%s` is the subject's one line.
const FORMAT = '--format=%H%x1f%s%x1f%an <%ae>%x1f%cI';

/**
 * The commits `git log <revisions…>` lists (newest first) as the manifest records them. The
 * author is `Name <email>` as git shows it; `committedAt` is the commit time in UTC, ISO 8601.
 */
export async function readGitCommits(
  git: GitRunner,
  gitDir: string,
  revisions: readonly string[],
): Promise<GitCommitRecord[]> {
  const output = await git.run('log', ['-z', '--no-show-signature', FORMAT, ...revisions, '--'], { gitDir });
  return output
    .split('\0')
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [sha = '', subject = '', author = '', committedAt = ''] = entry.split('\x1f');
      return { sha, subject, author, committedAt: new Date(committedAt).toISOString() };
    });
}
