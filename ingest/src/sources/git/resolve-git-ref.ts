import { InvalidInputError } from '@ragship/core';
import type { GitRunner } from './git-runner.js';
import type { GitSpec } from './parse-git-spec.js';

/** What a spec's ref names on the remote, found without fetching any object. */
export interface ResolvedRef {
  /** The commit: the ref's target, an annotated tag's peeled commit, or the SHA the spec gave. */
  sha: string;
  /** What to fetch: the remote's ref name (`refs/heads/main`), `HEAD`, or the SHA itself when the spec gave one. */
  fetchRef: string;
}

const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/**
 * Resolves `spec.ref` with `git ls-remote`: the default branch through `--symref HEAD`, a name as
 * git does (`refs/tags/<ref>` before `refs/heads/<ref>`; a name starting with `refs/` as it is). A
 * full commit SHA is taken as it is, without asking the remote.
 *
 * @throws InvalidInputError when the remote has no such branch or tag, or no commit at all.
 */
export async function resolveGitRef(git: GitRunner, spec: GitSpec): Promise<ResolvedRef> {
  if (spec.ref === null) return resolveDefaultBranch(git, spec);
  if (FULL_SHA.test(spec.ref)) return { sha: spec.ref.toLowerCase(), fetchRef: spec.ref.toLowerCase() };
  const candidates = spec.ref.startsWith('refs/') ? [spec.ref] : [`refs/tags/${spec.ref}`, `refs/heads/${spec.ref}`];
  const patterns = candidates.flatMap((candidate) => [candidate, `${candidate}^{}`]);
  const listed = parseRefList(await git.run('ls-remote', [spec.url, ...patterns]));
  for (const candidate of candidates) {
    const sha = listed.get(`${candidate}^{}`) ?? listed.get(candidate);
    if (sha !== undefined) return { sha, fetchRef: candidate };
  }
  const shortSha = /^[0-9a-f]{4,39}$/i.test(spec.ref)
    ? ' A commit is given by its full 40-character SHA, not an abbreviation.'
    : '';
  throw new InvalidInputError(
    `No branch or tag "${spec.ref}" in the git repository ${spec.repository} (asked for ${candidates.join(', ')}).` +
      shortSha,
    'ref',
  );
}

async function resolveDefaultBranch(git: GitRunner, spec: GitSpec): Promise<ResolvedRef> {
  const output = await git.run('ls-remote', ['--symref', spec.url, 'HEAD']);
  const branch = /^ref: (\S+)\tHEAD$/m.exec(output)?.[1];
  const sha = parseRefList(output).get('HEAD');
  if (sha === undefined) {
    throw new InvalidInputError(
      `The git repository ${spec.repository} has no commit on its default branch (HEAD names none): push a commit, ` +
        "or name a branch or tag after '#'.",
      'ref',
    );
  }
  return { sha, fetchRef: branch ?? 'HEAD' };
}

/** `git ls-remote` output (`<sha>\t<name>` lines) as name → SHA; `ref: …` symref lines are left out. */
function parseRefList(output: string): Map<string, string> {
  const refs = new Map<string, string>();
  for (const line of output.split('\n')) {
    const match = /^([0-9a-f]{40}|[0-9a-f]{64})\t(.+)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) refs.set(match[2], match[1]);
  }
  return refs;
}
