import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '@ragship/core';
import { filesUnder, gitRecord, useGitSourceFixture } from './testing/git-source-fixture.js';

const fixture = useGitSourceFixture(process.env);

/** main: v1 of guide.md (tagged `v1`, annotated, and `light`, lightweight), then v2; branch `next`: v3. */
function threeCommits(): { v1: string; v2: string; v3: string } {
  const { repository } = fixture;
  const v1 = repository.commit({ 'docs/guide.md': 'v1\n', 'docs/deep/note.md': 'note\n', 'top.md': 'top\n' }, 'v1');
  repository.tag('v1', 'Release 1');
  repository.tag('light');
  const v2 = repository.commit({ 'docs/guide.md': 'v2\n' }, 'v2');
  repository.branch('next');
  const v3 = repository.commit({ 'docs/guide.md': 'v3\n' }, 'v3');
  repository.switchTo('main');
  return { v1, v2, v3 };
}

async function guideAt(fragment: string): Promise<{ text: string; sha: string }> {
  const result = await fixture.snapshot(`${fixture.repository.spec}#${fragment}`);
  return {
    text: readFileSync(path.join(result.directory, 'docs/guide.md'), 'utf8'),
    sha: gitRecord(result.record).commit.sha,
  };
}

// Each test runs a few dozen real git processes: more than the unit default of 10 s on a loaded two-core machine.
describe('createGitSource refs and sub-paths', { timeout: 30_000 }, () => {
  it('when the spec names a branch, an annotated tag, a lightweight tag or a full SHA, then that commit is checked out', async () => {
    const { v1, v2, v3 } = threeCommits();

    expect(await guideAt('next')).toEqual({ text: 'v3\n', sha: v3 });
    expect(await guideAt('v1')).toEqual({ text: 'v1\n', sha: v1 });
    expect(await guideAt('light')).toEqual({ text: 'v1\n', sha: v1 });
    expect(await guideAt(v2)).toEqual({ text: 'v2\n', sha: v2 });
    expect(await guideAt('refs/heads/main')).toEqual({ text: 'v2\n', sha: v2 });
  });

  it('when the spec names a full SHA the clone lacks, then that commit is fetched by its SHA', async () => {
    const { v2 } = threeCommits();

    expect(await guideAt(v2.toUpperCase())).toEqual({ text: 'v2\n', sha: v2 });
  });

  it('when the spec names a full SHA the remote lacks, then the error names it and the location', async () => {
    threeCommits();
    const unknown = '0123456789abcdef0123456789abcdef01234567';

    const error = await fixture.snapshot(`${fixture.repository.spec}#${unknown}`).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain(
      `Cannot fetch commit ${unknown} from the git repository ${fixture.repository.spec}`,
    );
  });

  it('when the spec is #:<sub-path>, then only that directory of the default branch is checked out, at its repository paths', async () => {
    const { v2 } = threeCommits();

    const result = await fixture.snapshot(`${fixture.repository.spec}#:docs/`);

    expect(filesUnder(result.directory)).toEqual(['docs/deep/note.md', 'docs/guide.md']);
    expect(gitRecord(result.record)).toMatchObject({ ref: null, subPath: 'docs', commit: { sha: v2 } });
    expect(gitRecord(result.record).location).toBe(`${fixture.repository.spec}#:docs`);
    expect([...(result.sourceUrls?.keys() ?? [])].sort()).toEqual(['docs/deep/note.md', 'docs/guide.md']);
  });

  it('when the spec is #<tag>:<nested sub-path>, then only that directory of the tag is checked out', async () => {
    const { v1 } = threeCommits();

    const result = await fixture.snapshot(`${fixture.repository.spec}#v1:docs/deep`);

    expect(filesUnder(result.directory)).toEqual(['docs/deep/note.md']);
    expect(gitRecord(result.record)).toMatchObject({ ref: 'v1', subPath: 'docs/deep', commit: { sha: v1 } });
  });

  it('when a commit changes files inside and outside the sub-path, then changes lists only those inside', async () => {
    fixture.repository.commit({ 'docs/a.md': 'A\n', 'other/b.md': 'B\n' }, 'First');
    const first = await fixture.snapshot(`${fixture.repository.spec}#:docs`);
    fixture.repository.commit({ 'docs/a.md': 'A2\n', 'docs/new.md': 'N\n', 'other/b.md': 'B2\n' }, 'Second');

    const second = await fixture.snapshot(`${fixture.repository.spec}#:docs`, { previous: first.record });

    expect(gitRecord(second.record).changes?.files).toEqual([
      { path: 'docs/a.md', status: 'modified' },
      { path: 'docs/new.md', status: 'added' },
    ]);
    expect(filesUnder(second.directory)).toEqual(['docs/a.md', 'docs/new.md']);
  });

  it('when the ref does not exist, then the error names the ref and the credential-free location', async () => {
    threeCommits();

    const error = await fixture
      .snapshot(`${fixture.repository.spec}#no-such-branch`)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain('"no-such-branch"');
    expect((error as Error).message).toContain(fixture.repository.spec);
  });

  it('when the ref is an abbreviated SHA, then the error says to give the full SHA', async () => {
    const { v1 } = threeCommits();

    const error = await fixture
      .snapshot(`${fixture.repository.spec}#${v1.slice(0, 10)}`)
      .catch((caught: unknown) => caught);

    expect((error as Error).message).toMatch(/full 40-character SHA/);
  });

  it('when the sub-path is not a directory of the commit, then the error names it', async () => {
    threeCommits();

    await expect(fixture.snapshot(`${fixture.repository.spec}#main:missing`)).rejects.toThrow(
      /has no "missing".*#main:docs/,
    );
    await expect(fixture.snapshot(`${fixture.repository.spec}#main:top.md`)).rejects.toThrow(
      /has a file, not a directory, at "top.md"/,
    );
  });

  it('when the remote has no commit at all, then the error says so', async () => {
    const error = await fixture.snapshot(fixture.repository.spec).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain(`${fixture.repository.spec} has no commit on its default branch`);
  });
});
