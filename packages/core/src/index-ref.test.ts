import { describe, expect, it } from 'vitest';
import { formatIndexRef, parseIndexRef } from './index-ref.js';

describe('index references', () => {
  it('when a kb, a version or an environment is named, then each parses to its kind', () => {
    expect(parseIndexRef('docs')).toEqual({ kb: 'docs', kind: 'kb' });
    expect(parseIndexRef('docs@v7')).toEqual({ kb: 'docs', kind: 'version', version: 7 });
    expect(parseIndexRef('docs@prod')).toEqual({ kb: 'docs', kind: 'environment', environment: 'prod' });
    expect(formatIndexRef('docs', 7)).toBe('docs@v7');
  });

  it('when the reference is malformed, then the error says what was expected', () => {
    expect(() => parseIndexRef('Docs!')).toThrow(/not a valid kb name/);
    expect(() => parseIndexRef('docs@v0')).toThrow(/expected v<N>/);
    expect(() => parseIndexRef('docs@v1@v2')).toThrow(/more than one "@"/);
  });
});
