import { createRequire } from 'node:module';
import { describeFetchOutcome } from './describe-fetch-outcome.js';
import type { SiteFetcher, Validators } from './site-fetcher.js';

/** The part of robots-parser's `Robot` used here. */
interface ParsedRobots {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
  getCrawlDelay(userAgent?: string): number | undefined;
}

// robots-parser is CommonJS exporting its parse function; its types declare an ES default export
// instead, which NodeNext cannot call. Required, it is the function.
const parseRobots = createRequire(import.meta.url)('robots-parser') as (url: string, contents: string) => ParsedRobots;

/** What robots.txt lets our user agent do on the site. */
export interface RobotsRules {
  isAllowed(url: URL): boolean;
  /** The `Crawl-delay` for our user agent, in milliseconds; undefined when none is set. */
  crawlDelayMs: number | undefined;
  /** Why everything is disallowed when robots.txt could not be read; undefined when it was read or is absent. */
  unavailable: string | undefined;
}

/** robots.txt as last fetched, kept in the source's state for a conditional request next run. */
export interface CachedRobots extends Validators {
  url: string;
  body: string;
}

/** Options of {@link loadRobotsRules}. */
export interface LoadRobotsOptions {
  fetcher: SiteFetcher;
  origin: string;
  /** The name robots.txt groups are matched against (see {@link robotsAgentName}). */
  agentName: string;
  cached: CachedRobots | undefined;
  log: (message: string) => void;
}

/**
 * Fetches the site's robots.txt (conditionally when a copy is cached) and reads its rules for
 * `agentName`, per RFC 9309: a 4xx answer means no rules; a 5xx, 429 or no answer means everything
 * is disallowed, unless a cached copy can stand in (it does, with a warning). A redirect is
 * followed within the origin; one elsewhere counts as no robots.txt.
 */
export async function loadRobotsRules(
  options: LoadRobotsOptions,
): Promise<{ rules: RobotsRules; cache: CachedRobots | undefined }> {
  const url = new URL('/robots.txt', options.origin);
  const cached = options.cached?.url === url.href ? options.cached : undefined;
  const outcome = await options.fetcher.fetch({
    url,
    validatorsFor: (hop) => (hop.href === url.href ? cached : undefined),
    inScope: (target) => target.origin === options.origin,
  });
  if (outcome.kind === 'ok') {
    const cache: CachedRobots = { url: url.href, ...outcome.validators, body: outcome.body.toString('utf8') };
    return { rules: parseRules(url, cache.body, options.agentName), cache };
  }
  if (outcome.kind === 'not-modified' && cached)
    return { rules: parseRules(url, cached.body, options.agentName), cache: cached };
  const noRules = outcome.kind === 'redirect-out-of-scope' || outcome.kind === 'unsupported-type';
  if (noRules || (outcome.kind === 'http-error' && outcome.status < 500 && outcome.status !== 429)) {
    return { rules: parseRules(url, '', options.agentName), cache: undefined };
  }
  const problem = describeFetchOutcome(outcome);
  if (cached) {
    options.log(`robots.txt of ${options.origin} could not be read (${problem}); using the copy from the last run.`);
    return { rules: parseRules(url, cached.body, options.agentName), cache: cached };
  }
  const unavailable = `robots.txt could not be read (${problem}), so the whole site counts as disallowed (RFC 9309)`;
  return { rules: { isAllowed: () => false, crawlDelayMs: undefined, unavailable }, cache: undefined };
}

/** The name robots.txt groups are matched against: the user agent's first word without its version (`ragship/1.2 (+https://…)` → `ragship`). */
export function robotsAgentName(userAgent: string): string {
  return userAgent.trim().split(/[\s/]/, 1)[0] ?? userAgent;
}

function parseRules(url: URL, body: string, agentName: string): RobotsRules {
  const robots = parseRobots(url.href, body);
  const crawlDelay = robots.getCrawlDelay(agentName);
  return {
    isAllowed: (page) => robots.isAllowed(page.href, agentName) !== false,
    crawlDelayMs: crawlDelay === undefined ? undefined : crawlDelay * 1000,
    unavailable: undefined,
  };
}
