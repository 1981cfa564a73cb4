import { mapConcurrently } from '../map-concurrently.js';

/** A visit's result, the links it found and the URL it ended at after redirects. */
export interface Visit<T> {
  result: T;
  links: URL[];
  finalUrl: URL;
}

/** Options of {@link crawlPages}. */
export interface CrawlPagesOptions<T> {
  seeds: readonly URL[];
  /** Links are followed from pages at depths below this (the seeds are at depth 0). */
  maxDepth: number;
  /** Most visits in all. */
  maxPages: number;
  concurrency: number;
  /** The identity of a URL: two URLs with one key are visited once. */
  keyOf: (url: URL) => string;
  /** Whether to visit a URL: `true`; `false` to leave it out silently (out of scope); a reason to report it. */
  admit: (url: URL) => true | false | { reason: string };
  visit: (url: URL, depth: number) => Promise<Visit<T>>;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** What {@link crawlPages} did. */
export interface CrawlResult<T> {
  /** The visits' results, breadth-first; within a depth in the order the links were found. */
  results: T[];
  /** URLs `admit` turned down with a reason, in the order found. */
  refused: { url: URL; reason: string }[];
  /** URLs admitted but not visited because `maxPages` was reached. */
  notVisited: number;
}

/**
 * Visits `seeds` and the links their visits find, breadth-first, a depth at a time: the pages
 * visited under `maxPages` are the same whatever order the answers arrive in.
 */
export async function crawlPages<T>(options: CrawlPagesOptions<T>): Promise<CrawlResult<T>> {
  const crawl: CrawlResult<T> = { results: [], refused: [], notVisited: 0 };
  const seen = new Set<string>();
  let level = admitNew(options, options.seeds, seen, crawl);
  let done = 0;
  for (let depth = 0; level.length > 0; depth++) {
    const budget = options.maxPages - done;
    if (level.length > budget) {
      crawl.notVisited = level.length - budget;
      level = level.slice(0, budget);
    }
    const total = done + level.length;
    const visits = await mapConcurrently(level, options.concurrency, async (url) => {
      const visit = await options.visit(url, depth);
      options.onProgress?.(++done, total);
      return visit;
    });
    for (const visit of visits) seen.add(options.keyOf(visit.finalUrl));
    crawl.results.push(...visits.map((visit) => visit.result));
    const links = depth < options.maxDepth && crawl.notVisited === 0 ? visits.flatMap((visit) => visit.links) : [];
    level = admitNew(options, links, seen, crawl);
  }
  return crawl;
}

function admitNew<T>(
  options: CrawlPagesOptions<T>,
  urls: readonly URL[],
  seen: Set<string>,
  crawl: CrawlResult<T>,
): URL[] {
  const admitted: URL[] = [];
  for (const url of urls) {
    const key = options.keyOf(url);
    if (seen.has(key)) continue;
    seen.add(key);
    const verdict = options.admit(url);
    if (verdict === true) admitted.push(url);
    else if (verdict !== false) crawl.refused.push({ url, reason: verdict.reason });
  }
  return admitted;
}
