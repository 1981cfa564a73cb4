/** Which URLs belong to a web source: its origin, and in crawl mode the start URL's directory. */
export interface CrawlScope {
  readonly origin: string;
  /** The path every page's path starts with: `/docs/` for `/docs/` and `/docs/index.html`; `/` in sitemap mode. */
  readonly pathPrefix: string;
  contains: (url: URL) => boolean;
}

/**
 * The scope of a source starting at `start`: in crawl mode the start URL's origin and directory
 * (its path up to the last `/`), in sitemap mode its whole origin.
 */
export function createCrawlScope(start: URL, mode: 'crawl' | 'sitemap'): CrawlScope {
  const origin = start.origin;
  const pathPrefix = mode === 'sitemap' ? '/' : start.pathname.slice(0, start.pathname.lastIndexOf('/') + 1);
  return {
    origin,
    pathPrefix,
    contains: (url) =>
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.origin === origin &&
      url.pathname.startsWith(pathPrefix),
  };
}
