import { SitemapLoader } from '@langchain/community/document_loaders/web/sitemap';
import { RagshipError } from '@ragship/core';
import { credentialFreeUrl } from './credential-free-url.js';
import { describeFetchOutcome } from './describe-fetch-outcome.js';
import { isTransientFailure, type SiteFetcher } from './site-fetcher.js';
import { skippedPathOf } from './skipped-path-of.js';
import type { CachedSitemap } from './web-source-state.js';

/** Options of {@link listSitemapPages}. */
export interface ListSitemapOptions {
  fetcher: SiteFetcher;
  /** The sitemap (or sitemap index) to start from, as given (a token in its query is sent). */
  sitemapUrl: URL;
  /** Sitemaps as last fetched, by credential-free URL: each is asked for conditionally. */
  cached: Readonly<Record<string, CachedSitemap>>;
  /** robots.txt's verdict; a disallowed sitemap is not fetched. */
  isAllowed: (url: URL) => boolean;
  /** No further sitemap is fetched once this many pages are listed. */
  maxPages: number;
  log: (message: string) => void;
}

/** The pages of a sitemap and what to keep for the next run. */
export interface SitemapListing {
  /** Pages on the sitemap's origin, each once, in sitemap order. */
  pages: URL[];
  /** Nested sitemaps that could not be read, by path. */
  skipped: { path: string; reason: string }[];
  /** The sitemaps fetched this run, by credential-free URL, for {@link ListSitemapOptions.cached} next run. */
  cache: Record<string, CachedSitemap>;
}

/** Most sitemaps fetched in one run: each lists up to 50 000 URLs, far past any page limit. */
const MAX_SITEMAPS = 100;

/**
 * The pages a sitemap lists, following a sitemap index to its sitemaps. Entries on another origin
 * are left out. An entry whose path ends in `.xml` is taken for a nested sitemap (LangChain's
 * `parseSitemap` returns `<url>` and `<sitemap>` entries alike, and no loader reads XML pages).
 *
 * @throws RagshipError (`SOURCE_UNAVAILABLE`) when the first sitemap cannot be read.
 */
export async function listSitemapPages(options: ListSitemapOptions): Promise<SitemapListing> {
  const listing: SitemapListing = { pages: [], skipped: [], cache: {} };
  const seenPages = new Set<string>();
  const queue = [options.sitemapUrl];
  const seenSitemaps = new Set([credentialFreeUrl(options.sitemapUrl)]);
  for (let fetched = 0; queue.length > 0 && listing.pages.length < options.maxPages; fetched++) {
    const sitemapUrl = queue.shift()!;
    if (fetched === MAX_SITEMAPS) {
      options.log(`Stopped after ${MAX_SITEMAPS} sitemaps; ${queue.length + 1} more were not read.`);
      break;
    }
    const body = await fetchSitemap(options, sitemapUrl, listing, fetched === 0);
    if (body === undefined) continue;
    for (const entry of await parseSitemap(sitemapUrl, body)) {
      if (entry.origin !== options.sitemapUrl.origin) continue;
      const key = credentialFreeUrl(entry);
      if (entry.pathname.toLowerCase().endsWith('.xml')) {
        if (!seenSitemaps.has(key) && options.isAllowed(entry)) queue.push(entry);
        seenSitemaps.add(key);
      } else if (!seenPages.has(key)) {
        seenPages.add(key);
        listing.pages.push(entry);
      }
    }
  }
  return listing;
}

/**
 * The sitemap's text: fresh, or cached after a 304 or (for a nested one) a transient failure;
 * undefined when a nested one cannot be read.
 */
async function fetchSitemap(
  options: ListSitemapOptions,
  sitemapUrl: URL,
  listing: SitemapListing,
  isFirst: boolean,
): Promise<string | undefined> {
  const key = credentialFreeUrl(sitemapUrl);
  const cached = options.cached[key];
  const outcome = await options.fetcher.fetch({
    url: sitemapUrl,
    validatorsFor: (hop) => (hop.href === sitemapUrl.href ? cached : undefined),
    inScope: (target) => target.origin === options.sitemapUrl.origin,
  });
  if (outcome.kind === 'ok' || (outcome.kind === 'not-modified' && cached)) {
    const entry = outcome.kind === 'ok' ? { ...outcome.validators, body: outcome.body.toString('utf8') } : cached!;
    listing.cache[key] = entry;
    return entry.body;
  }
  const problem = describeFetchOutcome(outcome);
  if (isFirst) throw new RagshipError('SOURCE_UNAVAILABLE', `Cannot read the sitemap ${key}: ${problem}.`);
  if (cached && isTransientFailure(outcome)) {
    // Its pages stay listed: a sitemap failing for now must not empty the mirror of them.
    options.log(`Sitemap ${key}: ${problem}; using the copy from the last run.`);
    listing.cache[key] = cached;
    return cached.body;
  }
  options.log(`Sitemap ${key} skipped: ${problem}.`);
  listing.skipped.push({ path: skippedPathOf(sitemapUrl), reason: `sitemap not read: ${problem}` });
  return undefined;
}

/** The `<loc>` URLs of a sitemap or sitemap index, read by LangChain's SitemapLoader. */
async function parseSitemap(sitemapUrl: URL, body: string): Promise<URL[]> {
  const loader = new SitemapLoader(sitemapUrl.href, { maxRetries: 0 });
  // parseSitemap() fetches `webPath` itself, unconditionally. Pointed at a data: URL of the body
  // fetched (conditionally) above, it parses that instead of asking the site a second time.
  loader.webPath = `data:application/xml;base64,${Buffer.from(body, 'utf8').toString('base64')}`;
  const urls: URL[] = [];
  for (const element of await loader.parseSitemap()) {
    try {
      urls.push(new URL(element.loc.trim(), sitemapUrl));
    } catch {
      // An entry that is not a URL names no page.
    }
  }
  return urls;
}
