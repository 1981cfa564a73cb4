import path from 'node:path';
import { RagshipError } from '@ragship/core';
import type {
  DocumentSource,
  GitCommitRecord,
  SnapshotOptions,
  SourceRecord,
  SourceSnapshot,
} from '../document-source.js';
import { checkOutGitTree } from './check-out-git-tree.js';
import { fetchGitCommit } from './fetch-git-commit.js';
import { basicAuthorization, gitEnvironment } from './git-environment.js';
import { createGitRunner, type GitRunner } from './git-runner.js';
import { resolveGitSourceSettings, type GitSourceSettings } from './git-source-settings.js';
import { hasGitCommit } from './has-git-commit.js';
import { listGitFiles } from './list-git-files.js';
import { parseGitSpec, type GitCredentials, type GitSpec } from './parse-git-spec.js';
import { readGitChanges, type GitChanges } from './read-git-changes.js';
import { readGitCommits } from './read-git-commits.js';
import { resolveGitRef } from './resolve-git-ref.js';

export type { GitSourceSettings } from './git-source-settings.js';

type GitRecord = Extract<SourceRecord, { kind: 'git' }>;

const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * A git repository, given as `git+https://…`, `git+http://…`, `git+ssh://…` or `git+file://…` with
 * an optional `#<ref>`, `#<ref>:<sub-path>` or `#:<sub-path>` (see {@link parseGitSpec}).
 *
 * Each snapshot first asks the remote which commit the ref names (`git ls-remote`, no objects):
 * the previous run's commit, for the same sub-path, makes the snapshot `unchanged` without a fetch.
 * Otherwise the commit is fetched into a bare clone kept in `cacheDir/repository.git`, and its files
 * (under the sub-path only, at their repository paths, so docIds are repository paths) are checked
 * out into the persistent work tree `cacheDir/tree`, which git updates in place: unchanged files
 * keep their bytes and times, deleted ones disappear. Citations show `<repository>#<sha>:<path>`.
 *
 * @throws InvalidInputError for a malformed spec; ConfigError for bad settings.
 */
export function createGitSource(spec: string, settings: Partial<GitSourceSettings> = {}): DocumentSource {
  const parsed = parseGitSpec(spec);
  const resolved = resolveGitSourceSettings(settings);
  const credentials = parsed.url.startsWith('http') ? (parsed.credentials ?? settingsCredentials(resolved)) : undefined;
  return {
    kind: 'git',
    location: parsed.location,
    snapshot: (options) => snapshotGit(parsed, resolved, credentials, options),
  };
}

async function snapshotGit(
  spec: GitSpec,
  settings: GitSourceSettings,
  credentials: GitCredentials | undefined,
  options: SnapshotOptions,
): Promise<SourceSnapshot> {
  options.signal?.throwIfAborted();
  const cacheDir = path.resolve(options.cacheDir);
  const gitDir = path.join(cacheDir, 'repository.git');
  const directory = path.join(cacheDir, 'tree');
  const release = (): Promise<void> => Promise.resolve();
  if (credentials !== undefined && spec.url.startsWith('http:')) {
    options.log?.(`Sending git credentials to ${spec.repository} over plain http://, readable on the way.`);
  }
  const git = createGitRunner({
    gitCommand: settings.gitCommand,
    environment: gitEnvironment(settings.environment, credentials && { origin: new URL(spec.url).origin, credentials }),
    timeoutMs: settings.timeoutMs,
    location: spec.location,
    secrets: credentials === undefined ? [] : secretsOf(credentials),
    hasCredentials: credentials !== undefined,
    signal: options.signal,
  });

  const resolved = await resolveGitRef(git, spec);
  const previous = options.previous?.kind === 'git' ? options.previous : undefined;
  if (previous?.commit.sha === resolved.sha && previous.subPath === spec.subPath) {
    return { directory, record: gitRecord(spec, previous.commit), unchanged: true, release };
  }

  options.onProgress?.({ phase: 'fetching' });
  const sha = await fetchGitCommit(git, gitDir, spec, resolved);
  options.onProgress?.({ phase: 'checking out' });
  await checkOutGitTree(git, gitDir, directory, sha, spec);
  const [commit] = await readGitCommits(git, gitDir, ['--max-count=1', sha]);
  if (commit === undefined) {
    throw new RagshipError('INTERNAL', `git log printed nothing for commit ${sha}, which the clone has.`);
  }
  const changes = previous && (await changesSince(git, gitDir, previous, sha, spec, options));
  const sourceUrls = new Map(
    (await listGitFiles(git, gitDir, sha, spec.subPath)).map((file) => [file, `${spec.repository}#${sha}:${file}`]),
  );
  return {
    directory,
    record: { ...gitRecord(spec, commit), ...(changes && { changes }) },
    unchanged: false,
    sourceUrls,
    release,
  };
}

/** What changed since the previous run's commit, when it covered the same sub-path and the clone still has it. */
async function changesSince(
  git: GitRunner,
  gitDir: string,
  previous: GitRecord,
  sha: string,
  spec: GitSpec,
  options: SnapshotOptions,
): Promise<GitChanges | undefined> {
  const from = previous.commit.sha;
  if (previous.subPath !== spec.subPath || !COMMIT_SHA.test(from)) return undefined;
  if (!(await hasGitCommit(git, gitDir, from))) {
    options.log?.(
      `The previous version's commit ${from.slice(0, 12)} is not in this source's clone (a new cache, or rewritten ` +
        'history): its record lists no changes.',
    );
    return undefined;
  }
  return readGitChanges(git, gitDir, from, sha, spec.subPath);
}

function gitRecord(spec: GitSpec, commit: GitCommitRecord): GitRecord {
  return { kind: 'git', location: spec.location, ref: spec.ref, subPath: spec.subPath, commit };
}

function settingsCredentials(settings: GitSourceSettings): GitCredentials | undefined {
  if (!settings.username) return undefined;
  return { username: settings.username, password: settings.password ?? '' };
}

/** What must never appear in a quoted git message: the password (as given and %-encoded) and the header value; a user name standing alone is a token. */
function secretsOf(credentials: GitCredentials): string[] {
  const secrets = [credentials.password, encodeURIComponent(credentials.password)];
  if (credentials.password === '') secrets.push(credentials.username, encodeURIComponent(credentials.username));
  secrets.push(basicAuthorization(credentials).slice('Authorization: Basic '.length));
  return secrets.filter((secret) => secret !== '');
}
