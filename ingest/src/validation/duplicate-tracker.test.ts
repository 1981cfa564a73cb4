import { describe, expect, it } from 'vitest';
import { createDuplicateTracker, normalizedTextHash } from './duplicate-tracker.js';

describe('normalizedTextHash', () => {
  it('when texts differ only in surrounding whitespace, line wrapping or indentation, then the hashes are equal', () => {
    expect(normalizedTextHash('  Rolling back an index\n  takes one command.\n')).toBe(
      normalizedTextHash('Rolling back an index takes one command.'),
    );
  });

  it('when whitespace runs mix tabs, newlines, non-breaking and single spaces, then each run counts as one space', () => {
    const hash = normalizedTextHash('a b c d e f');
    for (const text of ['a \t b\tc\n\nd\u00a0e \r\n f', '\ta b  c d e f ', 'a\u3000b c d e\vf']) {
      expect(normalizedTextHash(text)).toBe(hash);
    }
    expect(normalizedTextHash('a b c d e  f')).toBe(hash);
    expect(normalizedTextHash('a b c d ef')).not.toBe(hash);
  });

  it('when texts differ in a word or in case, then the hashes differ', () => {
    const hash = normalizedTextHash('Rolling back an index takes one command.');
    expect(normalizedTextHash('Rolling back an index takes two commands.')).not.toBe(hash);
    expect(normalizedTextHash('rolling back an index takes one command.')).not.toBe(hash);
  });
});

describe('createDuplicateTracker', () => {
  it('when a hash was remembered, then a later check names the first document', () => {
    const tracker = createDuplicateTracker();
    const hash = normalizedTextHash('same text');
    expect(tracker.check(hash)).toBeUndefined();
    tracker.remember(hash, 'docs/a.md');
    tracker.remember(hash, 'docs/b.md');
    expect(tracker.check(hash)).toEqual({ rule: 'duplicate', reason: 'duplicate of docs/a.md' });
  });

  it('when a hash was never remembered, then the check passes', () => {
    const tracker = createDuplicateTracker();
    tracker.remember(normalizedTextHash('one text'), 'docs/a.md');
    expect(tracker.check(normalizedTextHash('another text'))).toBeUndefined();
  });
});
