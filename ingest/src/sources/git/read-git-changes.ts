import type { SourceRecord } from '../document-source.js';
import type { GitRunner } from './git-runner.js';
import { readGitCommits } from './read-git-commits.js';

/** How one commit differs from an earlier one, as the manifest's git record says it. */
export type GitChanges = NonNullable<Extract<SourceRecord, { kind: 'git' }>['changes']>;

/** At most this many commits are listed between two runs, newest first. */
const MAX_COMMITS = 50;

const STATUSES: Record<string, 'added' | 'modified' | 'deleted'> = { A: 'added', D: 'deleted' };

/**
 * What changed from commit `from` to commit `to` under `subPath` (the whole tree when null): the
 * commits `from..to` (newest first, at most 50) and the files added, modified (content or type)
 * and deleted, sorted by path. A rename is listed as the old path deleted and the new one added
 * (`--no-renames`), as the snapshot directory sees it. Both commits must be in the clone.
 */
export async function readGitChanges(
  git: GitRunner,
  gitDir: string,
  from: string,
  to: string,
  subPath: string | null,
): Promise<GitChanges> {
  const commits = await readGitCommits(git, gitDir, [`--max-count=${MAX_COMMITS}`, `${from}..${to}`]);
  const diff = await git.run(
    'diff',
    ['--name-status', '--no-renames', '-z', from, to, '--', ...(subPath === null ? [] : [subPath])],
    { gitDir },
  );
  // `<status>\0<path>\0` pairs.
  const fields = diff.split('\0');
  const files: GitChanges['files'] = [];
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const status = fields[index] ?? '';
    const filePath = fields[index + 1] ?? '';
    files.push({ path: filePath, status: STATUSES[status] ?? 'modified' });
  }
  files.sort((first, second) => (first.path < second.path ? -1 : first.path > second.path ? 1 : 0));
  return { from, commits, files };
}
