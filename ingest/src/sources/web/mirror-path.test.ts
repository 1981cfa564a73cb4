import { describe, expect, it } from 'vitest';
import { mirrorPath } from './mirror-path.js';

describe('mirrorPath', () => {
  it.each([
    ['/docs/', 'text/html', 'docs/index.html', false],
    ['/', 'text/html', 'index.html', false],
    ['/docs/guide.html', 'text/html', 'docs/guide.html', true],
    ['/docs/guide.HTM', 'text/html', 'docs/guide.HTM', true],
    ['/docs/faq', 'text/html', 'docs/faq.html', false],
    ['/api/v1.2', 'text/html', 'api/v1.2.html', false],
    ['/data.json', 'text/html', 'data.json.html', false],
    ['/notes.md', 'text/plain', 'notes.md', true],
    ['/notes.md', 'text/markdown', 'notes.md', true],
    ['/readme', 'text/markdown', 'readme.md', false],
    ['/manual', 'application/pdf', 'manual.pdf', false],
    ['/a%20b/caf%C3%A9.txt', 'text/plain', 'a b/café.txt', true],
    ['/docs/?token=s3cret', 'text/html', 'docs/index.html', false],
  ])('when the URL path is %s served as %s, then the mirror path is %s', (urlPath, type, expected, exact) => {
    expect(mirrorPath(new URL(`http://site.test${urlPath}`), type)).toEqual({ path: expected, exact });
  });

  it('when URLs differ only in their query, then each gets its own file beside the page', () => {
    const first = mirrorPath(new URL('http://site.test/list?page=2'), 'text/html');
    const second = mirrorPath(new URL('http://site.test/list?page=3'), 'text/html');

    expect(first).toMatchObject({ path: expect.stringMatching(/^list\.q-[0-9a-f]{12}\.html$/), exact: false });
    expect(second).toMatchObject({ path: expect.stringMatching(/^list\.q-[0-9a-f]{12}\.html$/) });
    expect(second).not.toEqual(first);
  });

  it('when only a credential parameter differs, then the query leaves no trace in the path', () => {
    const withToken = mirrorPath(new URL('http://site.test/list?page=2&access_token=a'), 'text/html');
    const withoutToken = mirrorPath(new URL('http://site.test/list?page=2'), 'text/html');

    expect(withToken).toEqual(withoutToken);
  });

  it.each([
    ['/docs/a%2Fb.html', 'separator'],
    ['/docs/a%5Cb.html', 'separator'],
    ['/docs/a%00b.html', 'NUL'],
    ['/docs//b.html', 'empty'],
    ['/.git/config', 'hidden'],
    ['/docs/node_modules/x.html', 'hidden'],
    ['/docs/%E0%A4%A.html', 'percent-decoded'],
    [`/${'a'.repeat(250)}.html`, 'longer than'],
  ])('when the URL path is %s, then the page is refused (%s)', (urlPath, problem) => {
    const result = mirrorPath(new URL(`http://site.test${urlPath}`), 'text/html');

    expect(result).toEqual({ reason: expect.stringContaining(problem) });
  });

  it('when a percent-encoded parent segment is in the URL, then the path still stays inside the mirror', () => {
    // The URL parser resolves %2e%2e like .. before the mirror ever sees the path.
    const result = mirrorPath(new URL('http://site.test/docs/%2e%2e/%2E%2E/etc/passwd'), 'text/plain');

    expect(result).toEqual({ path: 'etc/passwd.txt', exact: false });
  });
});
