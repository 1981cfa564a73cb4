import { describe, expect, it } from 'vitest';
import { headingPathAt, headingsOf } from './heading-path.js';

const TEXT = [
  '# Guide',
  'intro',
  '## Install',
  'npm i',
  '```',
  '# not a heading',
  '```',
  '### Linux',
  'apt',
  '## Use',
  'run it',
].join('\n');

describe('heading paths', () => {
  it('when a chunk starts under nested headings, then the path lists them outermost first', () => {
    const headings = headingsOf(TEXT, 'markdown');
    expect(headingPathAt(headings, TEXT.indexOf('apt'))).toBe('Guide > Install > Linux');
    expect(headingPathAt(headings, TEXT.indexOf('run it'))).toBe('Guide > Use');
    expect(headingPathAt(headings, TEXT.indexOf('intro'))).toBe('Guide');
  });

  it('when a # line is inside a code fence or the document is plain text, then it is not a heading', () => {
    expect(headingsOf(TEXT, 'markdown').map((heading) => heading.text)).not.toContain('not a heading');
    expect(headingsOf(TEXT, 'text')).toEqual([]);
  });
});
