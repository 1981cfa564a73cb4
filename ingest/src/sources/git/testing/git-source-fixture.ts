import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { SnapshotOptions, SourceRecord, SourceSnapshot } from '../../document-source.js';
import { createGitSource } from '../create-git-source.js';
import type { GitSourceSettings } from '../git-source-settings.js';
import { createGitTestRepository, type GitTestRepository } from './git-test-repository.js';

/** One test's workspace: a fresh temporary root, a test repository in it and a cache directory for the source. */
export interface GitSourceFixture {
  root: string;
  cacheDir: string;
  repository: GitTestRepository;
  /** A snapshot of `spec` into {@link cacheDir}, git running with this process's environment. */
  snapshot(
    spec: string,
    options?: Partial<SnapshotOptions>,
    settings?: Partial<GitSourceSettings>,
  ): Promise<SourceSnapshot>;
}

/**
 * Registers hooks that give every test a fresh {@link GitSourceFixture} (the returned object's
 * fields change per test) and remove it after. Snapshots run git in `environment` (the test
 * process's), as the CLI runs it in its own.
 */
export function useGitSourceFixture(environment: NodeJS.ProcessEnv): GitSourceFixture {
  const fixture = {
    snapshot(spec, options = {}, settings = {}) {
      return createGitSource(spec, { environment, ...settings }).snapshot({
        previous: undefined,
        cacheDir: fixture.cacheDir,
        ...options,
      });
    },
  } as GitSourceFixture;
  beforeEach(() => {
    fixture.root = mkdtempSync(path.join(tmpdir(), 'ragship-git-source-'));
    fixture.cacheDir = path.join(fixture.root, 'cache');
    fixture.repository = createGitTestRepository(fixture.root);
  });
  afterEach(() => {
    rmSync(fixture.root, { recursive: true, force: true });
  });
  return fixture;
}

/** Relative paths (`/` separators) of the files under `directory`, sorted. */
export function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** `record` as a git record; throws for another kind. */
export function gitRecord(record: SourceRecord): Extract<SourceRecord, { kind: 'git' }> {
  if (record.kind !== 'git') throw new Error(`expected a git record, got ${record.kind}`);
  return record;
}
