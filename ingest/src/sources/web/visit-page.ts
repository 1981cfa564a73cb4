import { randomUUID } from 'node:crypto';
import { access, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RagshipError } from '@ragship/core';
import type { WebPageRecord } from '../document-source.js';
import type { CrawlScope } from './crawl-scope.js';
import { credentialFreeUrl } from './credential-free-url.js';
import type { Visit } from './crawl-pages.js';
import { describeFetchOutcome } from './describe-fetch-outcome.js';
import { extractLinks } from './extract-links.js';
import { mirrorPath } from './mirror-path.js';
import { skippedPathOf } from './skipped-path-of.js';
import { isTransientFailure, type FetchOutcome, type SiteFetcher, type Validators } from './site-fetcher.js';
import { WEB_CONTENT_TYPES } from './web-content-types.js';
import type { UnstoredPage } from './web-source-state.js';

/** What one page came to. `exact`: the mirror path is the URL's own path, which wins a shared path. */
export type PageOutcome =
  /** Downloaded into `stagedFile`, not yet in the mirror. */
  | { kind: 'fetched'; record: WebPageRecord; exact: boolean; stagedFile: string }
  /** The mirror copy stands: the server answered 304 (`notModified`), or failed for now and the copy is kept. */
  | { kind: 'kept'; record: WebPageRecord; exact: boolean; notModified: boolean }
  /**
   * Not stored; `path` is the URL's path and query, without the leading `/`. `unstored` when the
   * server answered with a page that will not be stored (a type no loader reads, a path the
   * mirror refuses), for a conditional request next run.
   */
  | { kind: 'skipped'; path: string; reason: string; url: URL; unstored?: UnstoredPage };

/** What visiting pages needs, shared by every visit of one run. */
export interface PageVisitContext {
  fetcher: SiteFetcher;
  scope: CrawlScope;
  mirrorDir: string;
  /** Where downloads wait until the mirror is updated; on the mirror's file system. */
  stagingDir: string;
  /** What the previous version recorded, by credential-free URL. */
  previousPages: ReadonlyMap<string, WebPageRecord>;
  /** What the mirror holds, by credential-free URL. */
  mirrorPages: ReadonlyMap<string, WebPageRecord>;
  /** Pages the last run was sent but did not store, by credential-free URL. */
  unstoredPages: ReadonlyMap<string, UnstoredPage>;
  log: (message: string) => void;
}

/**
 * GETs one page: conditionally when the previous version recorded validators for it and the
 * mirror still holds that copy (or the last run was sent it and did not store it). A fresh body
 * is staged; a 304 keeps the copy, whose links are read from the mirror. A transient failure
 * (5xx, 408, 429, no answer) keeps a copy when there is one, with a warning; anything else is
 * skipped with the reason.
 *
 * @throws RagshipError (`SOURCE_UNAVAILABLE`) when `isStart` and the page cannot be fetched at all.
 */
export async function visitPage(context: PageVisitContext, url: URL, isStart: boolean): Promise<Visit<PageOutcome>> {
  const outcome = await context.fetcher.fetch({
    url,
    accept: WEB_CONTENT_TYPES,
    inScope: context.scope.contains,
    validatorsFor: (hop) => conditionalValidators(context, hop),
  });
  const finalUrl = outcome.url;
  if (outcome.kind === 'ok') return { ...(await stage(context, outcome)), finalUrl };
  const copy = context.mirrorPages.get(credentialFreeUrl(finalUrl));
  const unstored = context.unstoredPages.get(credentialFreeUrl(finalUrl));
  if (outcome.kind === 'not-modified' && copy) return { ...(await keep(context, copy, finalUrl, true)), finalUrl };
  if (outcome.kind === 'not-modified' && unstored) return skip(finalUrl, unstored.reason, unstored);
  if (outcome.kind === 'unsupported-type') {
    const reason = describeFetchOutcome(outcome);
    return skip(finalUrl, reason, { ...outcome.validators, reason });
  }
  const failed = ['http-error', 'network-error', 'redirect-out-of-scope', 'too-many-redirects'].includes(outcome.kind);
  if (isStart && failed) {
    throw new RagshipError(
      'SOURCE_UNAVAILABLE',
      `Cannot read ${credentialFreeUrl(url)}: ${describeFetchOutcome(outcome)}.`,
    );
  }
  if (isTransientFailure(outcome) && copy && (await exists(path.join(context.mirrorDir, copy.path)))) {
    context.log(`${copy.url}: ${describeFetchOutcome(outcome)}; keeping the copy from the last run.`);
    return { ...(await keep(context, copy, finalUrl, false)), finalUrl };
  }
  return skip(
    finalUrl,
    outcome.kind === 'not-modified' ? 'answered 304 to an unconditional request' : describeFetchOutcome(outcome),
  );
}

function skip(url: URL, reason: string, unstored?: UnstoredPage): Visit<PageOutcome> {
  const result: PageOutcome = {
    kind: 'skipped',
    path: skippedPathOf(url),
    reason,
    url,
    ...(unstored ? { unstored } : {}),
  };
  return { result, links: [], finalUrl: url };
}

/**
 * The previous version's validators for `url` when the mirror holds exactly the copy they
 * describe; else those of the last run's answer when it was not stored.
 */
async function conditionalValidators(context: PageVisitContext, url: URL): Promise<Validators | undefined> {
  const key = credentialFreeUrl(url);
  const previous = context.previousPages.get(key);
  const copy = context.mirrorPages.get(key);
  const inMirror =
    previous && copy && sameRecord(previous, copy) && (await exists(path.join(context.mirrorDir, copy.path)));
  const validators = inMirror ? previous : context.unstoredPages.get(key);
  if (validators?.etag === undefined && validators?.lastModified === undefined) return undefined;
  return {
    ...(validators.etag ? { etag: validators.etag } : {}),
    ...(validators.lastModified ? { lastModified: validators.lastModified } : {}),
  };
}

async function stage(
  context: PageVisitContext,
  outcome: Extract<FetchOutcome, { kind: 'ok' }>,
): Promise<Omit<Visit<PageOutcome>, 'finalUrl'>> {
  const target = mirrorPath(outcome.url, outcome.mediaType);
  if ('reason' in target) return skip(outcome.url, target.reason, { ...outcome.validators, reason: target.reason });
  const stagedFile = path.join(context.stagingDir, randomUUID());
  await writeFile(stagedFile, outcome.body);
  const record: WebPageRecord = {
    path: target.path,
    url: credentialFreeUrl(outcome.url),
    ...outcome.validators,
    contentType: outcome.mediaType,
  };
  const links = outcome.mediaType === 'text/html' ? extractLinks(outcome.body.toString('utf8'), outcome.url) : [];
  return { result: { kind: 'fetched', record, exact: target.exact, stagedFile }, links };
}

async function keep(
  context: PageVisitContext,
  record: WebPageRecord,
  url: URL,
  notModified: boolean,
): Promise<Omit<Visit<PageOutcome>, 'finalUrl'>> {
  const target = mirrorPath(url, record.contentType);
  const exact = 'path' in target && target.path === record.path && target.exact;
  const links =
    record.contentType === 'text/html'
      ? extractLinks(await readFile(path.join(context.mirrorDir, record.path), 'utf8'), url)
      : [];
  return { result: { kind: 'kept', record, exact, notModified }, links };
}

function sameRecord(a: WebPageRecord, b: WebPageRecord): boolean {
  return (
    a.path === b.path &&
    a.url === b.url &&
    a.etag === b.etag &&
    a.lastModified === b.lastModified &&
    a.contentType === b.contentType
  );
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
