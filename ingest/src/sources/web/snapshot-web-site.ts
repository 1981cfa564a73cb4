import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { RagshipError } from '@ragship/core';
import type { SnapshotOptions, SourceSnapshot, WebPageRecord } from '../document-source.js';
import { commitMirror, type MirrorCommit } from './commit-mirror.js';
import { crawlPages, type CrawlResult } from './crawl-pages.js';
import { createCrawlScope, type CrawlScope } from './crawl-scope.js';
import { basicAuthorization, credentialFreeUrl } from './credential-free-url.js';
import { listSitemapPages, type SitemapListing } from './list-sitemap-pages.js';
import { pageKey } from './page-key.js';
import { createRequestPacer, type RequestPacer } from './request-pacer.js';
import { loadRobotsRules, robotsAgentName, type CachedRobots, type RobotsRules } from './robots-rules.js';
import { createSiteFetcher, type SiteFetcher } from './site-fetcher.js';
import { skippedPathOf } from './skipped-path-of.js';
import { visitPage, type PageOutcome, type PageVisitContext } from './visit-page.js';
import { nonDocumentExtensionOf } from './web-content-types.js';
import type { WebSourceSettings } from './web-source-settings.js';
import { readWebSourceState, writeWebSourceState, type UnstoredPage, type WebSourceState } from './web-source-state.js';

/** A web source's fixed facts, as `createWebSource` resolved them. */
export interface WebSite {
  /** The URL as given, credentials included: they are sent, never stored. */
  start: URL;
  mode: 'crawl' | 'sitemap';
  /** The credential-free URL. */
  location: string;
  settings: WebSourceSettings;
}

/**
 * One run of a web source: robots.txt, then the pages (crawled from the start URL or listed by
 * the sitemap) into `<cacheDir>/pages`, the mirror the pipeline ingests. Downloads wait in
 * `<cacheDir>/staging` until the crawl is done, so a failed or aborted run leaves the mirror as it was.
 */
export async function snapshotWebSite(site: WebSite, options: SnapshotOptions): Promise<SourceSnapshot> {
  const log = options.log ?? (() => undefined);
  const mirrorDir = path.join(options.cacheDir, 'pages');
  const stagingDir = path.join(options.cacheDir, 'staging');
  await rm(stagingDir, { recursive: true, force: true });
  await mkdir(stagingDir, { recursive: true });
  await mkdir(mirrorDir, { recursive: true });
  try {
    const state = await readWebSourceState(options.cacheDir, log);
    const pacer = createRequestPacer(site.settings.delayMs);
    const fetcher = createFetcher(site, pacer, options.signal);
    const { rules, robots } = await loadRules(site, { fetcher, pacer, state, log });
    const scope = createCrawlScope(site.start, site.mode);
    const listing = await seedsOf(site, fetcher, state, rules, log);
    const context: PageVisitContext = {
      fetcher,
      scope,
      mirrorDir,
      stagingDir,
      previousPages: byUrl(options.previous?.kind === 'web' ? options.previous.pages : []),
      mirrorPages: byUrl(state.pages),
      unstoredPages: new Map(Object.entries(state.unstored)),
      log,
    };
    const crawl = await crawlPages({
      seeds: listing.pages,
      maxDepth: site.mode === 'crawl' ? site.settings.maxDepth : 0,
      maxPages: site.settings.maxPages,
      concurrency: site.settings.concurrency,
      keyOf: pageKey,
      admit: (url) => admit(scope, rules, url),
      visit: (url, depth) => visitPage(context, url, site.mode === 'crawl' && depth === 0),
      onProgress: (done, total) => options.onProgress?.({ phase: 'crawling', done, total }),
    });
    if (crawl.notVisited > 0) {
      log(`Stopped at maxPages (${site.settings.maxPages}): ${crawl.notVisited} more pages not fetched.`);
    }
    const commit = await commitMirror(mirrorDir, crawl.results);
    const unstored = unstoredOf(crawl.results);
    await writeWebSourceState(options.cacheDir, { robots, sitemaps: listing.cache, pages: commit.pages, unstored });
    const previous =
      options.previous?.kind === 'web' && options.previous.mode === site.mode ? options.previous : undefined;
    return {
      directory: mirrorDir,
      record: { kind: 'web', location: site.location, mode: site.mode, pages: commit.pages },
      unchanged: previous !== undefined && commit.allNotModified && samePages(commit.pages, previous.pages),
      sourceUrls: new Map(commit.pages.map((page) => [page.path, page.url])),
      skipped: skippedOf(listing, crawl, commit),
      release: () => Promise.resolve(),
    };
  } finally {
    await rm(stagingDir, { recursive: true, force: true });
  }
}

function createFetcher(site: WebSite, pacer: RequestPacer, signal: AbortSignal | undefined): SiteFetcher {
  return createSiteFetcher({
    userAgent: site.settings.userAgent,
    authorization: basicAuthorization(site.start),
    origin: site.start.origin,
    timeoutMs: site.settings.timeoutMs,
    maxBytes: site.settings.maxFileBytes,
    pacer,
    signal,
  });
}

/**
 * robots.txt's rules, with its Crawl-delay applied to the pacer, and its copy for the state file.
 *
 * @throws RagshipError (`SOURCE_UNAVAILABLE`) when they disallow the start URL.
 */
async function loadRules(
  site: WebSite,
  {
    fetcher,
    pacer,
    state,
    log,
  }: { fetcher: SiteFetcher; pacer: RequestPacer; state: WebSourceState; log: (message: string) => void },
): Promise<{ rules: RobotsRules; robots: CachedRobots | undefined }> {
  const agentName = robotsAgentName(site.settings.userAgent);
  const { rules, cache } = await loadRobotsRules({
    fetcher,
    origin: site.start.origin,
    agentName,
    cached: state.robots,
    log,
  });
  if (rules.crawlDelayMs !== undefined && rules.crawlDelayMs > site.settings.delayMs) {
    log(`robots.txt asks for ${rules.crawlDelayMs / 1000} s between requests; waiting that long.`);
    pacer.raiseInterval(rules.crawlDelayMs);
  }
  if (!rules.isAllowed(site.start)) {
    const why = rules.unavailable ?? `robots.txt disallows it for user agent "${agentName}"`;
    throw new RagshipError('SOURCE_UNAVAILABLE', `Cannot read ${site.location}: ${why}.`);
  }
  return { rules, robots: cache };
}

/** The pages to start from: the start URL, or the pages its sitemap lists. */
async function seedsOf(
  site: WebSite,
  fetcher: SiteFetcher,
  state: WebSourceState,
  rules: RobotsRules,
  log: (message: string) => void,
): Promise<SitemapListing> {
  if (site.mode === 'crawl') return { pages: [site.start], skipped: [], cache: {} };
  const listing = await listSitemapPages({
    fetcher,
    sitemapUrl: site.start,
    cached: state.sitemaps,
    isAllowed: (url) => rules.isAllowed(url),
    maxPages: site.settings.maxPages,
    log,
  });
  if (listing.pages.length === 0) log(`The sitemap ${site.location} lists no pages on its origin.`);
  return listing;
}

function admit(scope: CrawlScope, rules: RobotsRules, url: URL): boolean | { reason: string } {
  if (!scope.contains(url)) return false;
  if (!rules.isAllowed(url)) return { reason: 'disallowed by robots.txt' };
  const extension = nonDocumentExtensionOf(url);
  return extension === undefined ? true : { reason: `a "${extension}" file, which no loader reads: not requested` };
}

/** Everything not stored, by path: unread sitemaps, refused links, pages not taken, pages that lost their path. */
function skippedOf(
  listing: SitemapListing,
  crawl: CrawlResult<PageOutcome>,
  commit: MirrorCommit,
): { path: string; reason: string }[] {
  return [
    ...listing.skipped,
    ...crawl.refused.map(({ url, reason }) => ({ path: skippedPathOf(url), reason })),
    ...crawl.results.flatMap((outcome) =>
      outcome.kind === 'skipped' ? [{ path: outcome.path, reason: outcome.reason }] : [],
    ),
    ...commit.skipped,
  ].sort((a, b) => compare(a.path, b.path));
}

/** What the pages sent but not stored were, by credential-free URL, so the next run asks for them conditionally. */
function unstoredOf(outcomes: readonly PageOutcome[]): Record<string, UnstoredPage> {
  const unstored: Record<string, UnstoredPage> = {};
  for (const outcome of outcomes) {
    if (outcome.kind === 'skipped' && outcome.unstored) unstored[credentialFreeUrl(outcome.url)] = outcome.unstored;
  }
  return unstored;
}

function byUrl(pages: readonly WebPageRecord[]): ReadonlyMap<string, WebPageRecord> {
  return new Map(pages.map((page) => [page.url, page]));
}

/** Whether two page lists record the same pages with the same validators. */
function samePages(a: readonly WebPageRecord[], b: readonly WebPageRecord[]): boolean {
  const fingerprint = (pages: readonly WebPageRecord[]) =>
    JSON.stringify(
      pages
        .map((page) => [page.path, page.url, page.etag ?? null, page.lastModified ?? null, page.contentType])
        .sort((x, y) => compare(x[0]!, y[0]!)),
    );
  return fingerprint(a) === fingerprint(b);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
