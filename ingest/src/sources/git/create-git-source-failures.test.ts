import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@ragship/core';
import { GitCommandError } from './git-command-error.js';
import { useGitSourceFixture } from './testing/git-source-fixture.js';

const fixture = useGitSourceFixture(process.env);

/** A stand-in for git that hangs: a shell script that sleeps, so only a timeout or an abort ends it. */
function hangingGit(): string {
  const script = path.join(fixture.root, 'hanging-git');
  writeFileSync(script, '#!/bin/sh\nexec sleep 30\n');
  chmodSync(script, 0o755);
  return script;
}

describe('createGitSource failures', () => {
  it('when git is not installed, then the error says to install git', async () => {
    fixture.repository.commit({ 'a.md': 'A\n' }, 'First');

    const error = await fixture
      .snapshot(fixture.repository.spec, {}, { gitCommand: path.join(fixture.root, 'no-git-here') })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/git is not installed.*install git/);
  });

  it('when git runs past the timeout, then it is stopped and the error says so', async () => {
    const startedAt = Date.now();

    const error = await fixture
      .snapshot(fixture.repository.spec, {}, { gitCommand: hangingGit(), timeoutMs: 300 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(GitCommandError);
    expect(error).toMatchObject({ command: 'ls-remote', timedOut: true });
    expect((error as Error).message).toContain(`ran longer than 300 ms for ${fixture.repository.spec}`);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('when the signal aborts mid-command, then git is stopped and the snapshot rejects with the reason', async () => {
    const controller = new AbortController();
    const reason = new Error('run cancelled');
    setTimeout(() => controller.abort(reason), 200);
    const startedAt = Date.now();

    const outcome = fixture.snapshot(
      fixture.repository.spec,
      { signal: controller.signal },
      { gitCommand: hangingGit() },
    );

    await expect(outcome).rejects.toBe(reason);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('when the repository does not exist, then the error names the location and quotes git', async () => {
    const spec = `git+file://${path.join(fixture.root, 'missing.git')}`;

    const error = await fixture.snapshot(spec).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(GitCommandError);
    expect((error as Error).message).toContain(`git ls-remote failed for ${spec} (exit 128)`);
    expect((error as Error).message).toContain('does not appear to be a git repository');
  });
});
