import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { packageVersion, resolveBuildInfo } from './build-info.js';

const DIGEST = 'ghcr.io/acme/ragship@sha256:4f1d2c0a9b8e7f6d5c4b3a29180716253443526170809a0b1c2d3e4f5a6b7c8d';
const SHA = '0123456789abcdef0123456789abcdef01234567';

const directories: string[] = [];
function directory(): string {
  const created = mkdtempSync(path.join(tmpdir(), 'ragship-build-'));
  directories.push(created);
  return created;
}
afterEach(() => {
  for (const created of directories.splice(0)) rmSync(created, { recursive: true, force: true });
});

describe('resolveBuildInfo', () => {
  it('when RAGSHIP_BUILD and RAGSHIP_GIT_SHA are set, then build is the digest and gitSha the baked-in SHA', () => {
    const info = resolveBuildInfo(
      { RAGSHIP_BUILD: DIGEST, RAGSHIP_GIT_SHA: SHA },
      { version: '0.1.0', cwd: directory() },
    );
    expect(info).toEqual({ build: DIGEST, gitSha: SHA, version: '0.1.0' });
  });

  it('when RAGSHIP_BUILD is not set, then build is the git SHA', () => {
    expect(resolveBuildInfo({ RAGSHIP_GIT_SHA: SHA }, { version: '0.1.0', cwd: directory() })).toEqual({
      build: SHA,
      gitSha: SHA,
      version: '0.1.0',
    });
  });

  it('when no SHA is set, then the working directory’s checkout names the commit', () => {
    const checkout = directory();
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: checkout,
        encoding: 'utf8',
      }).trim();
    git('init', '--quiet');
    git('commit', '--quiet', '--allow-empty', '-m', 'first');
    const head = git('rev-parse', 'HEAD');
    expect(resolveBuildInfo({ RAGSHIP_BUILD: 'sha256:abc' }, { version: '0.1.0', cwd: checkout })).toEqual({
      build: 'sha256:abc',
      gitSha: head,
      version: '0.1.0',
    });
  });

  it('when there is no SHA and no checkout, then both are "unknown"; blank variables count as unset', () => {
    const info = resolveBuildInfo({ RAGSHIP_BUILD: ' ', RAGSHIP_GIT_SHA: '' }, { version: '0.1.0', cwd: directory() });
    expect(info).toEqual({ build: 'unknown', gitSha: 'unknown', version: '0.1.0' });
  });
});

describe('packageVersion', () => {
  it('when given a package.json, then it reads its version', () => {
    const file = path.join(directory(), 'package.json');
    writeFileSync(file, JSON.stringify({ name: 'x', version: '1.2.3' }));
    expect(packageVersion(pathToFileURL(file))).toBe('1.2.3');
  });
});
