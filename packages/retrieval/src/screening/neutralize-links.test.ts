import { describe, expect, it } from 'vitest';
import type { Citation } from '../citation.js';
import { IMAGE_REMOVED, LINK_REMOVED, linkPolicyOf, linkSafeLength, neutralizeLinks } from './neutralize-links.js';

function cited(source: string): Citation {
  return { n: 1, chunkId: 'c', docId: 'd', source, title: 't', score: 1, snippet: '', text: '' };
}

const policy = linkPolicyOf('cited', [cited('https://docs.example.com/guide/rollback'), cited('docs/local-file.md')]);

describe('neutralizeLinks', () => {
  it.each([
    [
      'See [the guide](https://docs.example.com/guide/rollback).',
      'See [the guide](https://docs.example.com/guide/rollback).',
    ],
    ['See [setup](https://docs.example.com/setup#keys).', 'See [setup](https://docs.example.com/setup#keys).'],
    ['<https://docs.example.com/setup>', '<https://docs.example.com/setup>'],
  ])('when a link points at a cited source\'s host, then "%s" is kept', (text, expected) => {
    expect(neutralizeLinks(text, policy)).toBe(expected);
  });

  it.each([
    ['Click [here](https://evil.example/login) now.', 'Click here now.'],
    ['![chart](https://evil.example/p.png?q=secret)', IMAGE_REMOVED],
    ['![chart](https://docs.example.com/p.png?q=secret)', IMAGE_REMOVED],
    ['[docs](https://docs.example.com/x?session=abc)', 'docs'],
    ['See [1].\n\n[1]: https://evil.example/?q=leak', 'See [1].\n\n'],
    ['Visit <https://evil.example/x> or https://evil.example/y?q=1.', `Visit ${LINK_REMOVED} or ${LINK_REMOVED}.`],
    ['Go to www.evil.example/path today', `Go to ${LINK_REMOVED} today`],
    [
      '<img src="https://evil.example/p.png?d=1"> and <a href="https://evil.example">x</a>',
      `${IMAGE_REMOVED} and x</a>`,
    ],
    ['<div style="background:url(https://evil.example/p)">x</div>', 'x</div>'],
    ['[![x](https://evil.example/a.png)](https://docs.example.com/x?d=1)', `![x](${LINK_REMOVED})`],
    ['[javascript](javascript:alert(1))', 'javascript)'],
  ])('when "%s" points elsewhere or carries data, then it is neutralised', (text, expected) => {
    expect(neutralizeLinks(text, policy)).toBe(expected);
  });

  it('when a source is a file path, then no host is allowed by it', () => {
    const local = linkPolicyOf('cited', [cited('docs/local-file.md'), cited('file:///srv/docs/a.md')]);
    expect(neutralizeLinks('[a](https://docs.example.com/a)', local)).toBe('a');
  });

  it('when links are off or allowed altogether, then all go or all stay', () => {
    expect(
      neutralizeLinks('[a](https://docs.example.com/a)', linkPolicyOf('none', [cited('https://docs.example.com/')])),
    ).toBe('a');
    expect(neutralizeLinks('![a](https://evil.example/?q=1)', linkPolicyOf('allow', []))).toBe(
      '![a](https://evil.example/?q=1)',
    );
  });
});

describe('linkSafeLength', () => {
  it.each([
    ['Done. ', 6],
    ['See [the gu', 4],
    ['See ![x](https://evil.exa', 4],
    ['See [x]', 4],
    ['A word', 2],
    ['Text <img src="x"', 5],
    ['Ok.\n[1]: https://evil', 4],
    ['See [x](https://docs.example.com/a) and ', 40],
    ['See <img src=x onerror=alert(1)>', 4],
    ['See <img alt="a > b" src=x', 4],
    // Held text that starts with a citation marker is not a reference definition: it flows on.
    ['[1] and promote it ', 19],
    ['[1]: https://evil', 0],
    ['[12', 0],
  ])('when a stream so far is "%s", then %i characters can be released', (text, length) => {
    expect(linkSafeLength(text)).toBe(length);
  });
});
