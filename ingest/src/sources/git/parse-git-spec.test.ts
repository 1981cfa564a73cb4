import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '@ragship/core';
import { parseGitSpec } from './parse-git-spec.js';

function parseError(spec: string): InvalidInputError {
  try {
    parseGitSpec(spec);
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error(`expected ${spec} to be refused`);
}

describe('parseGitSpec', () => {
  it('when the spec has no fragment, then it names the default branch and the whole tree', () => {
    expect(parseGitSpec('git+https://github.com/acme/handbook.git')).toEqual({
      url: 'https://github.com/acme/handbook.git',
      location: 'git+https://github.com/acme/handbook.git',
      repository: 'git+https://github.com/acme/handbook.git',
      ref: null,
      subPath: null,
    });
  });

  it.each([
    ['#main', 'main', null],
    ['#v1.2:docs', 'v1.2', 'docs'],
    ['#:docs', null, 'docs'],
    ['#release/2024:docs/guide/', 'release/2024', 'docs/guide'],
    ['#main:./docs//guide', 'main', 'docs/guide'],
    ['#main:.', 'main', null],
    ['#refs/heads/main', 'refs/heads/main', null],
    ['#0123456789abcdef0123456789abcdef01234567', '0123456789abcdef0123456789abcdef01234567', null],
  ])('when the fragment is %s, then ref is %s and sub-path %s', (fragment, ref, subPath) => {
    const spec = parseGitSpec(`git+ssh://git@example.com/acme/handbook.git${fragment}`);

    expect(spec).toMatchObject({ url: 'ssh://git@example.com/acme/handbook.git', ref, subPath });
  });

  it('when the fragment is not normalised, then the location carries its normal form', () => {
    expect(parseGitSpec('git+file:///srv/repos/handbook.git#main:./docs/').location).toBe(
      'git+file:///srv/repos/handbook.git#main:docs',
    );
  });

  it('when an https URL carries user:password, then they leave the URL and the location for credentials', () => {
    const spec = parseGitSpec('git+https://ci-bot:p%40ss%2Fword@git.example.com:8443/acme/handbook.git#main:docs');

    expect(spec.url).toBe('https://git.example.com:8443/acme/handbook.git');
    expect(spec.location).toBe('git+https://git.example.com:8443/acme/handbook.git#main:docs');
    expect(spec.repository).toBe('git+https://git.example.com:8443/acme/handbook.git');
    expect(spec.credentials).toEqual({ username: 'ci-bot', password: 'p@ss/word' });
  });

  it('when an https URL carries a token as its user name, then the token is taken out too', () => {
    const spec = parseGitSpec('git+https://ghp_token123@github.com/acme/handbook.git');

    expect(spec.credentials).toEqual({ username: 'ghp_token123', password: '' });
    expect(JSON.stringify([spec.url, spec.location])).not.toContain('ghp_token123');
  });

  it('when an ssh URL names a user, then the user stays: it is part of the address, not a secret', () => {
    const spec = parseGitSpec('git+ssh://git@github.com:22/acme/handbook.git#main');

    expect(spec.url).toBe('ssh://git@github.com:22/acme/handbook.git');
    expect(spec.credentials).toBeUndefined();
  });

  it('when a query parameter carries a token, then the location masks it', () => {
    const spec = parseGitSpec('git+https://git.example.com/acme/handbook.git?access_token=abc123');

    expect(spec.location).toBe('git+https://git.example.com/acme/handbook.git?access_token=***');
    expect(spec.url).toContain('access_token=abc123');
  });

  it.each([
    ['https://example.com/repo.git', /starts with git\+https:\/\//],
    ['git+ftp://example.com/repo.git', /Unsupported git URL scheme "git\+ftp:\/\/"/],
    ['git+https://example.com/repo.git#', /Empty git ref after '#'/],
    ['git+https://example.com/repo.git#main:', /sub-path "" is empty/],
    ['git+https://example.com/repo.git#main:../etc', /must not contain '\.\.'/],
    ['git+https://example.com/repo.git#:docs/../../x', /must not contain '\.\.'/],
    ['git+https://example.com/repo.git#main:/docs', /relative to the repository root/],
    ['git+https://example.com/repo.git#main:docs\\guide', /backslash/],
    ['git+https://example.com/repo.git#--upload-pack=touch', /Invalid git ref "--upload-pack=touch"/],
    ['git+https://example.com/repo.git#a..b', /Invalid git ref "a\.\.b"/],
    ['git+https://example.com/repo.git#bad ref', /Invalid git ref "bad ref"/],
    ['git+https://example.com/repo.git#main.lock', /Invalid git ref/],
    ['git+ssh://git:hunter2@example.com/repo.git', /ssh:\/\/ git URL cannot carry a password/],
    ['git+file://server/share/repo.git', /file:\/\/ git URL names a repository on this machine/],
    ['git+https://exa mple.com/repo.git', /not a valid https:\/\/ URL/],
  ])('when the spec is %s, then it is refused with a message saying what is wrong', (spec, message) => {
    expect(parseError(spec).message).toMatch(message);
  });

  it('when a refused spec carries a password, then the message does not quote it', () => {
    const messages = [
      'git+ssh://git:hunter2@example.com/repo.git',
      'git+https://user:hunter2@/repo.git',
      'git+https://user:hunter2%zz@example.com/repo.git',
    ].map((spec) => parseError(spec).message);

    expect(messages.join('\n')).not.toContain('hunter2');
  });
});
