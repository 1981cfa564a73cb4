import { describe, expect, it } from 'vitest';
import { sha256, sha256Prefix } from './hashing.js';

describe('sha256Prefix', () => {
  it('when asked for a prefix, then it is the start of the full hex digest', () => {
    for (const text of ['', 'docs/a.md#1\0abc\u00000', 'região']) {
      expect(sha256Prefix(text, 32)).toBe(sha256(text).slice(0, 32));
      expect(sha256Prefix(text, 7)).toBe(sha256(text).slice(0, 7));
      expect(sha256Prefix(text, 64)).toBe(sha256(text));
    }
  });
});
