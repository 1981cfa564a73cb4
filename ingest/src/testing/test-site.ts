import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One resource of a {@link TestSite}. */
export interface TestPage {
  body: string | Buffer;
  /** The `Content-Type` header, e.g. `text/html; charset=utf-8`. */
  type: string;
}

/** One request the site answered, in arrival order. */
export interface TestSiteRequest {
  /** Path and query, e.g. `/docs/index.html`. */
  path: string;
  /** The `Host` header, to tell requests to `127.0.0.1` and to `localhost` apart. */
  host: string;
  /** Whether it carried `If-None-Match` or `If-Modified-Since`. */
  conditional: boolean;
  status: number;
  /** `performance.now()` when the request arrived, in milliseconds. */
  at: number;
  authorization: string | undefined;
  userAgent: string | undefined;
}

/** A small web site on 127.0.0.1 that answers conditional requests and counts what it is asked. */
export interface TestSite {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** `http://localhost:<port>`: another origin, for links a crawl of {@link TestSite.origin} must not follow. */
  otherOrigin: string;
  /** `origin` + `path`. */
  url(path: string): string;
  /** Adds or replaces a page; its ETag and Last-Modified change (Last-Modified by at least a second). */
  setPage(path: string, body: string | Buffer, type?: string): void;
  /** Removes a page: it answers 404 from now on. */
  deletePage(path: string): void;
  /** Makes `path` answer `status` (e.g. 503) until called again with undefined. */
  setStatus(path: string, status: number | undefined): void;
  /** Makes `path` redirect to `location` (absolute or relative) with a 301. */
  setRedirect(path: string, location: string): void;
  /** Makes `path` answer only after `ms` milliseconds, until called again with undefined. */
  setDelay(path: string, ms: number | undefined): void;
  /** Every request answered so far (since the last {@link TestSite.resetRequests}). */
  readonly requests: readonly TestSiteRequest[];
  /** Requests for `path` (path and query) so far: unconditional (`full`) and `conditional`. */
  counts(path: string): { full: number; conditional: number };
  resetRequests(): void;
  close(): Promise<void>;
}

/** Options of {@link startTestSite}. */
export interface TestSiteOptions {
  /** The site's pages by path, given the site's origins; default {@link defaultTestSitePages}. */
  pages?: (origins: { origin: string; otherOrigin: string }) => Record<string, TestPage>;
}

interface StoredPage extends TestPage {
  etag: string;
  /** Whole seconds since the epoch, in milliseconds. */
  lastModified: number;
}

/**
 * Starts a real HTTP server on 127.0.0.1, port 0, serving `options.pages` (by default
 * {@link defaultTestSitePages}); a directory URL serves its `index.html`, and a query the pages do
 * not name is ignored. Every page has a strong ETag (a hash of its body) and a
 * Last-Modified, and a request whose `If-None-Match` (or, without one, `If-Modified-Since`) still
 * holds is answered 304 without a body.
 */
export async function startTestSite(options: TestSiteOptions = {}): Promise<TestSite> {
  const pages = new Map<string, StoredPage>();
  const statuses = new Map<string, number>();
  const redirects = new Map<string, string>();
  const requests: TestSiteRequest[] = [];
  const delays = new Map<string, number>();
  const server = createServer((request, response) => {
    const at = performance.now();
    const path = request.url ?? '/';
    const respond = () => {
      const status = answer(request, response, { path, pages, statuses, redirects });
      requests.push({
        path,
        host: request.headers.host ?? '',
        conditional:
          request.headers['if-none-match'] !== undefined || request.headers['if-modified-since'] !== undefined,
        status,
        at,
        authorization: request.headers.authorization,
        userAgent: request.headers['user-agent'],
      });
    };
    const delay = delays.get(path);
    if (delay === undefined) respond();
    else setTimeout(respond, delay);
  });
  const port = await listen(server);
  const origin = `http://127.0.0.1:${port}`;
  const otherOrigin = `http://localhost:${port}`;
  const setPage = (path: string, body: string | Buffer, type = typeOf(path)) => {
    const previous = pages.get(path)?.lastModified ?? 0;
    const lastModified = Math.max(Math.floor(Date.now() / 1000) * 1000, previous + 1000);
    pages.set(path, {
      body,
      type,
      etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`,
      lastModified,
    });
  };
  for (const [path, page] of Object.entries((options.pages ?? defaultTestSitePages)({ origin, otherOrigin }))) {
    setPage(path, page.body, page.type);
  }
  return {
    origin,
    otherOrigin,
    url: (path) => `${origin}${path}`,
    setPage,
    deletePage: (path) => void pages.delete(path),
    setStatus: (path, status) => void (status === undefined ? statuses.delete(path) : statuses.set(path, status)),
    setRedirect: (path, location) => void redirects.set(path, location),
    setDelay: (path, ms) => void (ms === undefined ? delays.delete(path) : delays.set(path, ms)),
    requests,
    counts: (path) => ({
      full: requests.filter((request) => request.path === path && !request.conditional).length,
      conditional: requests.filter((request) => request.path === path && request.conditional).length,
    }),
    resetRequests: () => void requests.splice(0),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * The default site. A crawl of `/docs/` stores exactly {@link TEST_SITE_CRAWLED_PATHS}; it does
 * not store `/docs/private/secret.html` (disallowed by robots.txt, linked), `/docs/logo.png` and
 * `/docs/badge` (both image/png, linked; one known by its extension), `/blog/post.html` (outside
 * `/docs/`, linked) or `/docs/other-host.html` (linked only on the other origin). The links of `/docs/index.html` also hold a fragment, a
 * `mailto:` and a link to another site. `/sitemap.xml` is a sitemap index of `/sitemaps/docs.xml`
 * and `/sitemaps/blog.xml`, which list {@link TEST_SITE_SITEMAP_PATHS} plus a disallowed page and
 * one on the other origin.
 */
export function defaultTestSitePages({
  origin,
  otherOrigin,
}: {
  origin: string;
  otherOrigin: string;
}): Record<string, TestPage> {
  const html = (title: string, body: string): TestPage => ({
    body: `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`,
    type: 'text/html; charset=utf-8',
  });
  const sitemap = (locations: string[]): TestPage => ({
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${locations.map((location) => `  <url><loc>${location}</loc></url>`).join('\n')}\n</urlset>\n`,
    type: 'application/xml',
  });
  return {
    '/robots.txt': { body: 'User-agent: *\nDisallow: /docs/private/\n', type: 'text/plain' },
    '/docs/index.html': html(
      'Ragship docs',
      '<p>Start with the <a href="guide.html">guide</a> (<a href="guide.html#install">install</a>), the ' +
        '<a href="faq">FAQ</a>, the <a href="notes.md">notes</a> and the <a href="./changelog.txt">changelog</a>.</p>' +
        '<p><a href="private/secret.html">Internal</a> <img src="logo.png"><a href="logo.png">Logo</a> <a href="badge">Badge</a> ' +
        `<a href="/blog/post.html">Blog</a> <a href="${otherOrigin}/docs/other-host.html">Mirror</a> ` +
        '<a href="https://example.com/elsewhere.html">Elsewhere</a> <a href="mailto:docs@example.com">Mail</a></p>',
    ),
    '/docs/guide.html': html(
      'Guide',
      '<h2 id="install">Install</h2><p>Run ragship ingest.</p><a href="index.html">Home</a> <a href="deep/one.html">Deeper</a>',
    ),
    '/docs/faq': html('FAQ', '<p>How do I promote? Run ragship promote.</p><a href="/docs/">Home</a>'),
    '/docs/notes.md': { body: '# Notes\n\nVersions are immutable once ready.\n', type: 'text/markdown; charset=utf-8' },
    '/docs/changelog.txt': { body: 'v1: first release of the docs.\n', type: 'text/plain; charset=utf-8' },
    '/docs/deep/one.html': html('One', '<a href="two.html">Two</a>'),
    '/docs/deep/two.html': html('Two', '<a href="/docs/deep/three.html">Three</a>'),
    '/docs/deep/three.html': html('Three', '<p>The deepest page.</p>'),
    '/docs/private/secret.html': html('Secret', '<p>Not for crawlers.</p>'),
    '/docs/logo.png': { body: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), type: 'image/png' },
    '/docs/badge': { body: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), type: 'image/png' },
    '/docs/other-host.html': html('Other host', '<p>Only linked on the other origin.</p>'),
    '/blog/post.html': html('Blog post', '<p>Outside the docs.</p>'),
    '/sitemap.xml': {
      body:
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
        `  <sitemap><loc>${origin}/sitemaps/docs.xml</loc></sitemap>\n  <sitemap><loc>${origin}/sitemaps/blog.xml</loc></sitemap>\n` +
        '</sitemapindex>\n',
      type: 'application/xml',
    },
    '/sitemaps/docs.xml': sitemap([
      `${origin}/docs/index.html`,
      `${origin}/docs/notes.md`,
      `${origin}/docs/private/secret.html`,
      `${otherOrigin}/docs/other-host.html`,
    ]),
    '/sitemaps/blog.xml': sitemap([`${origin}/blog/post.html`]),
  };
}

/** The mirror paths a crawl of `/docs/` on the default site stores, sorted. */
export const TEST_SITE_CRAWLED_PATHS: readonly string[] = [
  'docs/changelog.txt',
  'docs/deep/one.html',
  'docs/deep/three.html',
  'docs/deep/two.html',
  'docs/faq.html',
  'docs/guide.html',
  'docs/index.html',
  'docs/notes.md',
];

/** The mirror paths the default site's `/sitemap.xml` leads to, sorted. */
export const TEST_SITE_SITEMAP_PATHS: readonly string[] = ['blog/post.html', 'docs/index.html', 'docs/notes.md'];

function answer(
  request: IncomingMessage,
  response: ServerResponse,
  site: {
    path: string;
    pages: Map<string, StoredPage>;
    statuses: Map<string, number>;
    redirects: Map<string, string>;
  },
): number {
  const status = site.statuses.get(site.path);
  const redirect = site.redirects.get(site.path);
  const page = findPage(site.pages, site.path);
  if (status !== undefined) return end(response, status, { 'content-type': 'text/plain' }, `status ${status}`);
  if (redirect !== undefined) return end(response, 301, { location: redirect }, '');
  if (!page) return end(response, 404, { 'content-type': 'text/plain' }, 'not found');
  const validators = { etag: page.etag, 'last-modified': new Date(page.lastModified).toUTCString() };
  if (isFresh(request, page)) return end(response, 304, validators, '');
  return end(response, 200, { ...validators, 'content-type': page.type }, request.method === 'HEAD' ? '' : page.body);
}

/** The page at `path` (path and query), else at its path alone, else, for a directory, its `index.html`: as a static file server would. */
function findPage(pages: Map<string, StoredPage>, path: string): StoredPage | undefined {
  const pathname = path.split('?', 1)[0]!;
  return (
    pages.get(path) ?? pages.get(pathname) ?? (pathname.endsWith('/') ? pages.get(`${pathname}index.html`) : undefined)
  );
}

/** RFC 9110: `If-None-Match` decides when present; else `If-Modified-Since`. */
function isFresh(request: IncomingMessage, page: StoredPage): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || tag.trim().replace(/^W\//, '') === page.etag);
  }
  const ifModifiedSince = Date.parse(request.headers['if-modified-since'] ?? '');
  return !Number.isNaN(ifModifiedSince) && page.lastModified <= ifModifiedSince;
}

function end(response: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): number {
  response.writeHead(status, headers);
  response.end(body);
  return status;
}

function typeOf(path: string): string {
  if (path.endsWith('.md')) return 'text/markdown; charset=utf-8';
  if (path.endsWith('.txt')) return 'text/plain; charset=utf-8';
  if (path.endsWith('.xml')) return 'application/xml';
  if (path.endsWith('.json')) return 'application/json';
  if (path.endsWith('.pdf')) return 'application/pdf';
  if (path.endsWith('.png')) return 'image/png';
  return 'text/html; charset=utf-8';
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
