import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { SourceProgress } from '../document-source.js';
import { TEST_AUTHOR } from './testing/git-test-repository.js';
import { filesUnder, gitRecord, useGitSourceFixture } from './testing/git-source-fixture.js';

const fixture = useGitSourceFixture(process.env);

// Each test runs a few dozen real git processes: more than the unit default of 10 s on a loaded two-core machine.
describe('createGitSource', { timeout: 30_000 }, () => {
  it('when the first snapshot is taken, then the directory holds exactly the committed files at their repository paths', async () => {
    const sha = fixture.repository.commit(
      { 'README.md': '# Handbook\n', 'docs/guide/install.md': 'Install it.\n', 'docs/faq.txt': 'Questions.\n' },
      'Add the handbook\n\nWith a body that is not the subject.',
    );

    const phases: string[] = [];

    const result = await fixture.snapshot(fixture.repository.spec, {
      onProgress: (progress: SourceProgress) => phases.push(progress.phase),
    });

    expect(phases).toEqual(['fetching', 'checking out']);
    expect(result.unchanged).toBe(false);
    expect(filesUnder(result.directory)).toEqual(['README.md', 'docs/faq.txt', 'docs/guide/install.md']);
    expect(readFileSync(path.join(result.directory, 'docs/guide/install.md'), 'utf8')).toBe('Install it.\n');
    const record = gitRecord(result.record);
    expect(record).toMatchObject({ kind: 'git', location: fixture.repository.spec, ref: null, subPath: null });
    expect(record.commit).toMatchObject({
      sha,
      subject: 'Add the handbook',
      author: `${TEST_AUTHOR.name} <${TEST_AUTHOR.email}>`,
    });
    expect(Date.parse(record.commit.committedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(record.changes).toBeUndefined();
    expect(result.sourceUrls?.get('docs/faq.txt')).toBe(`${fixture.repository.spec}#${sha}:docs/faq.txt`);
  });

  it('when nothing was committed since the previous snapshot, then it is unchanged and fetches nothing', async () => {
    fixture.repository.commit({ 'a.md': 'A\n' }, 'First');
    const first = await fixture.snapshot(fixture.repository.spec);
    const fetchHead = path.join(fixture.cacheDir, 'repository.git', 'FETCH_HEAD');
    const fetchedAt = statSync(fetchHead).mtimeMs;
    const index = path.join(fixture.cacheDir, 'repository.git', 'index');
    const checkedOutAt = statSync(index).mtimeMs;
    const phases: string[] = [];
    await delay(20);

    const second = await fixture.snapshot(fixture.repository.spec, {
      previous: first.record,
      onProgress: (progress: SourceProgress) => phases.push(progress.phase),
    });

    expect(second.unchanged).toBe(true);
    expect(second.record).toEqual(first.record);
    expect(second.directory).toBe(first.directory);
    expect(statSync(fetchHead).mtimeMs).toBe(fetchedAt);
    expect(statSync(index).mtimeMs).toBe(checkedOutAt);
    expect(phases).toEqual([]);
  });

  it('when a commit edits one file and deletes another, then the record lists exactly those and the directory follows', async () => {
    const firstSha = fixture.repository.commit(
      { 'keep.md': 'Kept.\n', 'edit.md': 'Old.\n', 'gone/drop.md': 'Drop.\n' },
      'First',
    );
    const first = await fixture.snapshot(fixture.repository.spec);
    const kept = statSync(path.join(first.directory, 'keep.md'), { bigint: true });
    const secondSha = fixture.repository.commit({ 'edit.md': 'New.\n', 'gone/drop.md': null }, 'Edit one, drop one');
    await delay(20);

    const second = await fixture.snapshot(fixture.repository.spec, { previous: first.record });

    const record = gitRecord(second.record);
    expect(second.unchanged).toBe(false);
    expect(record.commit.sha).toBe(secondSha);
    expect(record.changes).toEqual({
      from: firstSha,
      commits: [record.commit],
      files: [
        { path: 'edit.md', status: 'modified' },
        { path: 'gone/drop.md', status: 'deleted' },
      ],
    });
    expect(filesUnder(second.directory)).toEqual(['edit.md', 'keep.md']);
    expect(readFileSync(path.join(second.directory, 'edit.md'), 'utf8')).toBe('New.\n');
    const keptAfter = statSync(path.join(second.directory, 'keep.md'), { bigint: true });
    expect([keptAfter.ino, keptAfter.mtimeNs, keptAfter.ctimeNs]).toEqual([kept.ino, kept.mtimeNs, kept.ctimeNs]);
  });

  it('when several commits came since, then changes lists them newest first and a rename as a delete and an add', async () => {
    const firstSha = fixture.repository.commit({ 'old-name.md': 'Same text.\n' }, 'First');
    const first = await fixture.snapshot(fixture.repository.spec);
    fixture.repository.git('mv', 'old-name.md', 'new-name.md');
    fixture.repository.commit({}, 'Rename');
    fixture.repository.commit({ 'added.md': 'Added.\n' }, 'Add');

    const second = await fixture.snapshot(fixture.repository.spec, { previous: first.record });

    const changes = gitRecord(second.record).changes;
    expect(changes?.from).toBe(firstSha);
    expect(changes?.commits.map((commit) => commit.subject)).toEqual(['Add', 'Rename']);
    expect(changes?.files).toEqual([
      { path: 'added.md', status: 'added' },
      { path: 'new-name.md', status: 'added' },
      { path: 'old-name.md', status: 'deleted' },
    ]);
  });

  it('when the previous commit is not in the clone, then the snapshot says why it lists no changes', async () => {
    fixture.repository.commit({ 'a.md': 'A\n' }, 'First');
    const first = await fixture.snapshot(fixture.repository.spec);
    const stranger = { ...gitRecord(first.record), commit: { ...gitRecord(first.record).commit, sha: 'f'.repeat(40) } };
    fixture.repository.commit({ 'a.md': 'B\n' }, 'Second');
    const lines: string[] = [];

    const second = await fixture.snapshot(fixture.repository.spec, {
      previous: stranger,
      log: (line) => lines.push(line),
    });

    expect(gitRecord(second.record).changes).toBeUndefined();
    expect(lines.join('\n')).toContain('ffffffffffff is not in this source');
  });
});
