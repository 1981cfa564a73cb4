import { credentialFreeUrl } from './credential-free-url.js';

/**
 * The identity of a page during a crawl: its credential-free URL, with a last segment of
 * `index.html` or `index.htm` taken for its directory, as static servers serve them
 * (`/docs/index.html` and `/docs/` are one page, fetched once under the URL found first).
 */
export function pageKey(url: URL): string {
  const key = new URL(credentialFreeUrl(url));
  key.pathname = key.pathname.replace(/\/index\.html?$/i, '/');
  return key.href;
}
