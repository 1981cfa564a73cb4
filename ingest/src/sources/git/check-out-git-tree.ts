import { mkdir } from 'node:fs/promises';
import { InvalidInputError } from '@ragship/core';
import type { GitRunner } from './git-runner.js';
import type { GitSpec } from './parse-git-spec.js';

/** The ref of the clone naming the commit the work tree holds, which keeps it (and the previous run's diff base) from gc. */
const CHECKED_OUT_REF = 'refs/ragship/checked-out';

/**
 * Makes `workTree` hold the files of commit `sha` — only those under `spec.subPath` when it is set,
 * still at their repository paths (`docs/…`) — with `git read-tree --reset -u` against the clone's
 * index, which records what the work tree holds. git writes only files whose content changed and
 * removes those the commit no longer has, so an unchanged file keeps its bytes, modification and
 * change times, and the pipeline's input fingerprint re-reads only what the commit changed.
 *
 * @throws InvalidInputError when the commit has no directory at `spec.subPath`.
 */
export async function checkOutGitTree(
  git: GitRunner,
  gitDir: string,
  workTree: string,
  sha: string,
  spec: GitSpec,
): Promise<void> {
  const tree = spec.subPath === null ? `${sha}^{tree}` : await subPathTree(git, gitDir, sha, spec, spec.subPath);
  await mkdir(workTree, { recursive: true });
  await git.run('read-tree', ['--reset', '-u', tree], { gitDir, workTree });
  await git.run('update-ref', [CHECKED_OUT_REF, sha], { gitDir });
}

/**
 * A tree holding only `subPath` of commit `sha`, at its place: `docs/guide` becomes a tree with
 * `docs`, holding `guide`, holding what the commit has there. It is written to the clone with
 * `git mktree`, so the checkout above can treat it like any commit's tree.
 */
async function subPathTree(
  git: GitRunner,
  gitDir: string,
  sha: string,
  spec: GitSpec,
  subPath: string,
): Promise<string> {
  // `<mode> <type> <object>\t<path>\0` for the entry itself.
  const entry = /^\d+ (\w+) ([0-9a-f]+)\t/.exec(await git.run('ls-tree', ['-z', sha, '--', subPath], { gitDir }));
  const [, type, object] = entry ?? [];
  if (type !== 'tree' || object === undefined) {
    const found = type === undefined ? 'has no' : `has a ${type === 'blob' ? 'file' : type}, not a directory, at`;
    throw new InvalidInputError(
      `Commit ${sha.slice(0, 12)} of the git repository ${spec.repository} ${found} "${subPath}": ` +
        "name a directory after ':' (e.g. #main:docs).",
      'subPath',
    );
  }
  let tree = object;
  for (const name of subPath.split('/').reverse()) {
    tree = (await git.run('mktree', [], { gitDir, input: `040000 tree ${tree}\t${name}\n` })).trim();
  }
  return tree;
}
