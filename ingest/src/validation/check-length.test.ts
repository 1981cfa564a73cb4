import { describe, expect, it } from 'vitest';
import { checkLength } from './check-length.js';

const limits = { minChars: 20, maxChars: 100 };

describe('checkLength', () => {
  it('when the text is only whitespace, then it is rejected as empty', () => {
    expect(checkLength(' \n\t \n', limits)).toEqual({ rule: 'empty', reason: 'empty: no text other than whitespace' });
    expect(checkLength('', limits)?.rule).toBe('empty');
  });

  it('when the text has fewer non-whitespace characters than minChars, then the reason gives the count and minimum', () => {
    expect(checkLength('too   short\n\n  text', limits)).toEqual({
      rule: 'too-short',
      reason: 'too short: 12 non-whitespace characters, minimum 20',
    });
  });

  it('when padding whitespace makes a short text long, then it is still too short', () => {
    expect(checkLength(`short${' '.repeat(50)}`, limits)?.rule).toBe('too-short');
  });

  it('when the text is longer than maxChars, then the reason gives the length and maximum', () => {
    expect(checkLength('x'.repeat(101), limits)).toEqual({
      rule: 'too-long',
      reason: 'too long: 101 characters, maximum 100',
    });
  });

  it('when the text is within both limits, including exactly at them, then it passes', () => {
    expect(checkLength('x'.repeat(20), limits)).toBeUndefined();
    expect(checkLength('x'.repeat(100), limits)).toBeUndefined();
  });

  it('when minChars is 0, then only empty text is rejected', () => {
    expect(checkLength('a', { minChars: 0, maxChars: 100 })).toBeUndefined();
    expect(checkLength('  ', { minChars: 0, maxChars: 100 })?.rule).toBe('empty');
  });
});
