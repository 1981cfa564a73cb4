import { credentialFreeUrl } from './credential-free-url.js';

/**
 * How a page the source did not store is listed in the snapshot's `skipped`: its URL's path and
 * query without the leading `/` (credential values masked), as a docId reads; its mirror path may
 * not be known (a type not downloaded, a page not fetched).
 */
export function skippedPathOf(url: URL): string {
  const free = new URL(credentialFreeUrl(url));
  return `${free.pathname.slice(1)}${free.search}`;
}
