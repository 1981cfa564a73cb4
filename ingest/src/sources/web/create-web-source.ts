import { InvalidInputError, maskUrlSecrets } from '@ragship/core';
import type { DocumentSource } from '../document-source.js';
import { credentialFreeUrl } from './credential-free-url.js';
import { snapshotWebSite } from './snapshot-web-site.js';
import { resolveWebSourceSettings, type WebSourceSettings } from './web-source-settings.js';

export { DEFAULT_WEB_SOURCE_SETTINGS, type WebSourceSettings } from './web-source-settings.js';

/**
 * A web site as a source. A URL whose path ends in `.xml` is a sitemap (or sitemap index): the
 * pages are those it lists on its origin (`mode: 'sitemap'`). Any other URL is crawled
 * (`mode: 'crawl'`): breadth-first along `<a href>` links, within its origin and directory
 * (`/docs/` for `/docs/` and `/docs/index.html`, but `/` for `/docs`), up to `maxDepth` links away.
 * Pages are mirrored by URL path (see `mirrorPath`); links to images, scripts, archives and the
 * like (by extension) are not requested.
 *
 * Each run respects robots.txt for the user agent's name, keeps to `delayMs` (or the site's
 * Crawl-delay) between request starts, stores only HTML, Markdown, plain text, PDF and JSON, and
 * asks conditionally (`If-None-Match`, `If-Modified-Since`) for every page the previous version
 * recorded, and for robots.txt and sitemaps. A user name and password in the URL are sent as HTTP
 * Basic authentication to its origin only; they, and credential query parameters, never reach
 * the record, logs or errors.
 *
 * @throws InvalidInputError when `url` is not an http(s) URL, or a setting is out of range.
 */
export function createWebSource(url: string, settings?: Partial<WebSourceSettings>): DocumentSource {
  const start = parseStartUrl(url);
  const location = credentialFreeUrl(start);
  const site = {
    start,
    mode: start.pathname.toLowerCase().endsWith('.xml') ? ('sitemap' as const) : ('crawl' as const),
    location,
    settings: resolveWebSourceSettings(settings),
  };
  return {
    kind: 'web',
    location,
    snapshot: (options) => snapshotWebSite(site, options),
  };
}

function parseStartUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new InvalidInputError(`"${maskUrlSecrets(url)}" is not a URL.`, 'source', { cause: error });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidInputError(
      `A web source needs an http:// or https:// URL; got "${credentialFreeUrl(parsed)}".`,
      'source',
    );
  }
  return parsed;
}
