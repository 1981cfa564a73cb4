import { describe, expect, it } from 'vitest';
import { ConfigError } from '@ragship/core';
import { resolveGitSourceSettings } from './git-source-settings.js';

describe('resolveGitSourceSettings', () => {
  it('when nothing is set, then git runs as `git` with a two-minute timeout', () => {
    expect(resolveGitSourceSettings()).toEqual({ timeoutMs: 120_000, gitCommand: 'git' });
  });

  it.each([
    [{ timeoutMs: 0 }, 'sources.git.timeoutMs'],
    [{ timeoutMs: 1.5 }, 'sources.git.timeoutMs'],
    [{ gitCommand: ' ' }, 'sources.git.gitCommand'],
    [{ password: 'token-only-4d1e' }, 'sources.git.username'],
  ])('when the settings are %o, then they are refused naming %s', (settings, field) => {
    let caught: unknown;
    try {
      resolveGitSourceSettings(settings);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(ConfigError);
    expect(caught).toMatchObject({ field });
    expect((caught as Error).message).not.toContain('token-only-4d1e');
  });
});
