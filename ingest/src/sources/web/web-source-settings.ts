import { InvalidInputError } from '@ragship/core';

/** Limits and politeness of a web source. Every field has a default ({@link DEFAULT_WEB_SOURCE_SETTINGS}). */
export interface WebSourceSettings {
  /** Most pages requested in one run (robots.txt and sitemaps not counted). Default 1000. */
  maxPages: number;
  /** Crawl mode: most links followed from the start page; 0 takes the start page alone. Default 5. */
  maxDepth: number;
  /** Most requests in flight at once. Default 2. */
  concurrency: number;
  /**
   * Least time between the starts of two requests to the site, in milliseconds. A `Crawl-delay`
   * in robots.txt for our user agent raises it, never lowers it. Default 250.
   */
  delayMs: number;
  /** Longest one request may take, headers and body, in milliseconds. Default 15 000. */
  timeoutMs: number;
  /** The `User-Agent` header; its first word (`ragship`) is the name robots.txt rules are matched against. */
  userAgent: string;
  /** Largest page downloaded, in bytes: a larger one is skipped without reading the rest. Default 50 MiB. */
  maxFileBytes: number;
}

/** The settings a web source uses where none are given. */
export const DEFAULT_WEB_SOURCE_SETTINGS: Readonly<WebSourceSettings> = Object.freeze({
  maxPages: 1000,
  maxDepth: 5,
  concurrency: 2,
  delayMs: 250,
  timeoutMs: 15_000,
  userAgent: 'ragship (+https://github.com/ragship)',
  maxFileBytes: 52_428_800,
});

/** The least value of each numeric setting. */
const MINIMUM: Record<Exclude<keyof WebSourceSettings, 'userAgent'>, number> = {
  maxPages: 1,
  maxDepth: 0,
  concurrency: 1,
  delayMs: 0,
  timeoutMs: 1,
  maxFileBytes: 1,
};

/**
 * `settings` over the defaults, checked.
 *
 * @throws InvalidInputError naming the setting when a number is not a whole number at or above its
 *   least value, or the user agent is empty or spans lines.
 */
export function resolveWebSourceSettings(settings: Partial<WebSourceSettings> = {}): WebSourceSettings {
  const resolved = { ...DEFAULT_WEB_SOURCE_SETTINGS, ...withoutUndefined(settings) };
  for (const [name, minimum] of Object.entries(MINIMUM)) {
    const value = resolved[name as keyof typeof MINIMUM];
    if (!Number.isSafeInteger(value) || value < minimum) {
      throw new InvalidInputError(
        `Web source setting "${name}" must be a whole number of at least ${minimum}; got ${String(value)}.`,
        name,
      );
    }
  }
  if (resolved.userAgent.trim() === '' || /[\r\n]/.test(resolved.userAgent)) {
    throw new InvalidInputError('Web source setting "userAgent" must be one non-empty line.', 'userAgent');
  }
  return resolved;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
