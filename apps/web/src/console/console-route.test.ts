import { describe, expect, it } from 'vitest';
import { consolePath, parseConsoleRoute, type ConsoleRoute } from './console-route.ts';

describe('parseConsoleRoute', () => {
  it.each<[string, string, ConsoleRoute]>([
    ['/ops', '', { page: 'environments' }],
    ['/ops/', '', { page: 'environments' }],
    ['/ops/environments', '', { page: 'environments' }],
    ['/ops/kbs', '', { page: 'kbs' }],
    ['/ops/kbs/docs', '', { page: 'kb', kb: 'docs' }],
    ['/ops/kbs/docs/versions/v2', '', { page: 'version', kb: 'docs', version: 'v2', compare: null, doc: null }],
    [
      '/ops/kbs/docs/versions/v2',
      '?compare=v1&doc=guides%2Frollback.md',
      { page: 'version', kb: 'docs', version: 'v2', compare: 'v1', doc: 'guides/rollback.md' },
    ],
    ['/ops/history', '?kb=docs&env=prod', { page: 'history', kb: 'docs', env: 'prod' }],
    ['/ops/kbs/docs/versions', '', { page: 'not-found' }],
    ['/opsx', '', { page: 'not-found' }],
    ['/ops/unknown', '', { page: 'not-found' }],
  ])('when the URL is %s%s, then the route is %j', (pathname, search, route) => {
    expect(parseConsoleRoute(pathname, search)).toEqual(route);
  });

  it('when a route is written as a URL and read back, then it is the same route', () => {
    const route: ConsoleRoute = { page: 'version', kb: 'docs', version: 'v2', compare: 'v1', doc: 'a b/c.md' };
    const [pathname = '', search = ''] = consolePath(route).split(/(?=\?)/);
    expect(parseConsoleRoute(pathname, search)).toEqual(route);
  });
});
