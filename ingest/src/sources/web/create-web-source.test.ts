import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidInputError, RagshipError } from '@ragship/core';
import { startTestSite, TEST_SITE_CRAWLED_PATHS, type TestSite } from '../../testing/test-site.js';
import type { SourceProgress, SourceRecord, SourceSnapshot } from '../document-source.js';
import { createWebSource, type WebSourceSettings } from './create-web-source.js';

let site: TestSite;
let cacheDir: string;
let logs: string[];

beforeEach(async () => {
  site = await startTestSite();
  cacheDir = mkdtempSync(path.join(tmpdir(), 'ragship-web-'));
  logs = [];
});

afterEach(async () => {
  await site.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

/** One run against the test site, without the politeness delay unless a test asks for it. */
function snapshot(
  url: string,
  previous?: SourceRecord,
  settings: Partial<WebSourceSettings> = {},
): Promise<SourceSnapshot> {
  return createWebSource(url, { delayMs: 0, ...settings }).snapshot({
    previous,
    cacheDir,
    log: (line) => logs.push(line),
  });
}

function mirrorFiles(snapshotResult: SourceSnapshot): string[] {
  return readdirSync(snapshotResult.directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path.relative(snapshotResult.directory, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    )
    .sort();
}

const pagePaths = (result: SourceSnapshot) =>
  result.record.kind === 'web' ? result.record.pages.map((page) => page.path) : [];

describe('createWebSource, crawl mode', () => {
  it('when a site is crawled, then exactly its allowed, loadable pages under the start directory are mirrored', async () => {
    const progress: SourceProgress[] = [];

    const result = await createWebSource(site.url('/docs/'), { delayMs: 0 }).snapshot({
      previous: undefined,
      cacheDir,
      onProgress: (event) => progress.push(event),
    });

    expect(pagePaths(result)).toEqual(TEST_SITE_CRAWLED_PATHS);
    expect(mirrorFiles(result)).toEqual(TEST_SITE_CRAWLED_PATHS);
    // Every page requested, the badge (image/png) included.
    expect(progress.at(-1)).toEqual({
      phase: 'crawling',
      done: TEST_SITE_CRAWLED_PATHS.length + 1,
      total: TEST_SITE_CRAWLED_PATHS.length + 1,
    });
    expect(readFileSync(path.join(result.directory, 'docs/notes.md'), 'utf8')).toBe(
      '# Notes\n\nVersions are immutable once ready.\n',
    );
    expect(result.record).toMatchObject({ kind: 'web', location: site.url('/docs/'), mode: 'crawl' });
    expect(result.sourceUrls?.get('docs/faq.html')).toBe(site.url('/docs/faq'));
    expect(result.unchanged).toBe(false);
    expect(site.counts('/docs/private/secret.html').full).toBe(0);
    expect(site.counts('/blog/post.html').full).toBe(0);
    expect(site.requests.filter((request) => request.host.startsWith('localhost'))).toEqual([]);
    expect(result.skipped).toEqual([
      { path: 'docs/badge', reason: 'content type image/png is not one the loaders read' },
      { path: 'docs/logo.png', reason: 'a ".png" file, which no loader reads: not requested' },
      { path: 'docs/private/secret.html', reason: 'disallowed by robots.txt' },
    ]);
    expect(site.counts('/docs/logo.png').full).toBe(0);
  });

  it('when a page links two URLs with one mirror path, then the URL whose path it is keeps it', async () => {
    site.setPage('/docs/faq.html', '<h1>FAQ as a file</h1>');
    site.setPage('/docs/index.html', '<a href="faq">FAQ</a> <a href="faq.html">FAQ file</a>');

    const result = await snapshot(site.url('/docs/'));

    expect(result.sourceUrls?.get('docs/faq.html')).toBe(site.url('/docs/faq.html'));
    expect(readFileSync(path.join(result.directory, 'docs/faq.html'), 'utf8')).toBe('<h1>FAQ as a file</h1>');
    expect(result.skipped).toEqual([
      { path: 'docs/faq.html', reason: `mirror path taken by ${site.url('/docs/faq.html')}` },
    ]);
  });

  it('when a link redirects, then it is followed within the start directory and refused outside it', async () => {
    site.setRedirect('/docs/old-guide.html', '/docs/guide.html');
    site.setRedirect('/docs/away.html', `${site.otherOrigin}/docs/other-host.html`);
    site.setPage('/docs/index.html', '<a href="old-guide.html">Old guide</a> <a href="away.html">Away</a>');

    const result = await snapshot(site.url('/docs/'), undefined, { maxDepth: 1 });

    expect(pagePaths(result)).toEqual(['docs/guide.html', 'docs/index.html']);
    expect(result.sourceUrls?.get('docs/guide.html')).toBe(site.url('/docs/guide.html'));
    expect(result.skipped).toEqual([{ path: 'docs/away.html', reason: expect.stringContaining('redirects outside') }]);
  });

  it('when a link redirects in a loop, then it is skipped after five redirects', async () => {
    site.setRedirect('/docs/loop-a.html', 'loop-b.html');
    site.setRedirect('/docs/loop-b.html', 'loop-a.html');
    site.setPage('/docs/index.html', '<a href="loop-a.html">Loop</a>');

    const result = await snapshot(site.url('/docs/'));

    expect(pagePaths(result)).toEqual(['docs/index.html']);
    expect(result.skipped).toEqual([{ path: 'docs/loop-a.html', reason: 'more than 5 redirects in a row' }]);
    expect(site.requests.filter((request) => request.path.startsWith('/docs/loop-'))).toHaveLength(6);
  });
});

describe('createWebSource, re-runs', () => {
  it('when nothing changed, then the re-run sends only conditional requests and reports unchanged', async () => {
    const first = await snapshot(site.url('/docs/'));
    site.resetRequests();

    const second = await snapshot(site.url('/docs/'), first.record);

    expect(site.requests.length).toBeGreaterThan(TEST_SITE_CRAWLED_PATHS.length);
    expect(site.requests.filter((request) => !request.conditional)).toEqual([]);
    expect(site.counts('/robots.txt')).toEqual({ full: 0, conditional: 1 });
    expect(site.counts('/docs/badge')).toEqual({ full: 0, conditional: 1 });
    expect(second.skipped).toEqual(first.skipped);
    expect(second.unchanged).toBe(true);
    expect(second.record).toEqual(first.record);
    expect(mirrorFiles(second)).toEqual(TEST_SITE_CRAWLED_PATHS);
  });

  it('when one page is edited, then only it is downloaded again and the run is not unchanged', async () => {
    const first = await snapshot(site.url('/docs/'));
    site.setPage('/docs/guide.html', '<h1>Guide, edited</h1><a href="deep/one.html">Deeper</a>');
    site.resetRequests();

    const second = await snapshot(site.url('/docs/'), first.record);

    expect(site.requests.filter((request) => request.status === 200).map((request) => request.path)).toEqual([
      '/docs/guide.html',
    ]);
    expect(site.requests.every((request) => request.conditional)).toBe(true);
    expect(second.unchanged).toBe(false);
    expect(readFileSync(path.join(second.directory, 'docs/guide.html'), 'utf8')).toContain('Guide, edited');
    const etags = (result: SourceSnapshot) =>
      new Map(result.record.kind === 'web' ? result.record.pages.map((page) => [page.path, page.etag]) : []);
    const before = etags(first);
    const changed = [...etags(second)]
      .filter(([pagePath, etag]) => before.get(pagePath) !== etag)
      .map(([pagePath]) => pagePath);
    expect(changed).toEqual(['docs/guide.html']);
  });

  it('when a page is deleted or no longer linked, then it leaves the mirror and the record', async () => {
    const first = await snapshot(site.url('/docs/'));
    site.deletePage('/docs/notes.md');
    site.setPage('/docs/guide.html', '<h1>Guide</h1><p>No more links.</p>');

    const second = await snapshot(site.url('/docs/'), first.record);

    const expected = ['docs/changelog.txt', 'docs/faq.html', 'docs/guide.html', 'docs/index.html'];
    expect(pagePaths(second)).toEqual(expected);
    expect(mirrorFiles(second)).toEqual(expected);
    expect(second.skipped).toContainEqual({ path: 'docs/notes.md', reason: 'the server answered HTTP 404' });
    expect(second.unchanged).toBe(false);
  });

  it('when a mirror file is missing, then that page is requested unconditionally and restored', async () => {
    const first = await snapshot(site.url('/docs/'));
    rmSync(path.join(first.directory, 'docs/faq.html'));
    site.resetRequests();

    const second = await snapshot(site.url('/docs/'), first.record);

    expect(site.counts('/docs/faq')).toEqual({ full: 1, conditional: 0 });
    expect(site.counts('/docs/guide.html')).toEqual({ full: 0, conditional: 1 });
    expect(mirrorFiles(second)).toEqual(TEST_SITE_CRAWLED_PATHS);
    expect(second.unchanged).toBe(false);
  });

  it('when the previous record is unknown, then every page is requested unconditionally', async () => {
    await snapshot(site.url('/docs/'));
    site.resetRequests();

    const second = await snapshot(site.url('/docs/'), undefined);

    expect(site.counts('/docs/guide.html')).toEqual({ full: 1, conditional: 0 });
    expect(second.unchanged).toBe(false);
  });

  it('when a page fails for now, then its copy and record entry stay with a warning, and its links are still followed', async () => {
    const first = await snapshot(site.url('/docs/'));
    site.setStatus('/docs/guide.html', 503);

    const second = await snapshot(site.url('/docs/'), first.record);

    expect(second.record).toEqual(first.record);
    expect(mirrorFiles(second)).toEqual(TEST_SITE_CRAWLED_PATHS);
    expect(logs).toContainEqual(expect.stringMatching(/guide\.html: the server answered HTTP 503; keeping the copy/));
    expect(second.unchanged).toBe(false);
  });

  it('when a page fails for now and there is no copy, then it is listed as skipped', async () => {
    site.setStatus('/docs/guide.html', 503);

    const result = await snapshot(site.url('/docs/'));

    expect(pagePaths(result)).not.toContain('docs/guide.html');
    expect(result.skipped).toContainEqual({ path: 'docs/guide.html', reason: 'the server answered HTTP 503' });
  });
});

describe('createWebSource, limits', () => {
  it('when maxPages is reached, then no more pages are requested and the first ones breadth-first are kept', async () => {
    const result = await snapshot(site.url('/docs/'), undefined, { maxPages: 3 });

    expect(pagePaths(result)).toEqual(['docs/faq.html', 'docs/guide.html', 'docs/index.html']);
    expect(site.requests.filter((request) => request.path !== '/robots.txt')).toHaveLength(3);
    expect(logs).toContainEqual(expect.stringContaining('maxPages (3)'));
  });

  it('when maxDepth is 1, then only pages one link from the start are crawled', async () => {
    const result = await snapshot(site.url('/docs/index.html'), undefined, { maxDepth: 1 });

    expect(pagePaths(result)).toEqual([
      'docs/changelog.txt',
      'docs/faq.html',
      'docs/guide.html',
      'docs/index.html',
      'docs/notes.md',
    ]);
    expect(site.counts('/docs/deep/one.html').full).toBe(0);
  });

  it('when maxDepth is 0, then only the start page is taken', async () => {
    const result = await snapshot(site.url('/docs/index.html'), undefined, { maxDepth: 0 });

    expect(pagePaths(result)).toEqual(['docs/index.html']);
  });

  it('when a page does not answer within timeoutMs, then it is skipped as not answering', async () => {
    site.setDelay('/docs/notes.md', 1000);

    const result = await snapshot(site.url('/docs/'), undefined, { timeoutMs: 200 });

    expect(pagePaths(result)).not.toContain('docs/notes.md');
    expect(result.skipped).toContainEqual({ path: 'docs/notes.md', reason: 'no answer (timed out after 200 ms)' });
  });

  it('when a page is larger than maxFileBytes, then it is skipped and not stored', async () => {
    site.setPage('/docs/notes.md', `# Notes\n\n${'x'.repeat(5000)}\n`);

    const result = await snapshot(site.url('/docs/'), undefined, { maxFileBytes: 4000 });

    expect(pagePaths(result)).not.toContain('docs/notes.md');
    expect(result.skipped).toContainEqual({
      path: 'docs/notes.md',
      reason: expect.stringContaining('larger than maxFileBytes'),
    });
  });
});

describe('createWebSource, credentials and errors', () => {
  it('when the URL carries credentials, then they are sent to the site but never recorded, logged or stored', async () => {
    const url = site.url('/docs/?token=tok3n-value').replace('http://', 'http://reader:pa55word@');

    const result = await snapshot(url);

    const basic = `Basic ${Buffer.from('reader:pa55word').toString('base64')}`;
    expect(site.requests.every((request) => request.authorization === basic)).toBe(true);
    expect(site.counts('/docs/?token=tok3n-value').full).toBe(1);
    expect(result.record).toMatchObject({ location: site.url('/docs/') });
    expect(pagePaths(result)).toEqual(TEST_SITE_CRAWLED_PATHS);
    const written = [
      JSON.stringify(result.record),
      JSON.stringify([...(result.sourceUrls ?? [])]),
      JSON.stringify(result.skipped),
      ...logs,
      ...readdirSync(cacheDir)
        .filter((name) => name.endsWith('.json'))
        .map((name) => readFileSync(path.join(cacheDir, name), 'utf8')),
    ].join('\n');
    expect(written).not.toMatch(/pa55word|tok3n-value|reader/);
  });

  it('when the start URL answers 404, then the run fails naming the URL without its credentials', async () => {
    const url = site.url('/missing/').replace('http://', 'http://reader:pa55word@');

    const failure = await snapshot(url).catch((error: unknown) => error);

    expect(RagshipError.hasCode(failure, 'SOURCE_UNAVAILABLE')).toBe(true);
    expect((failure as Error).message).toBe(`Cannot read ${site.url('/missing/')}: the server answered HTTP 404.`);
  });

  it('when the site cannot be reached, then the run fails naming the URL', async () => {
    const url = site.url('/docs/');
    await site.close();
    site = await startTestSite();

    const failure = await snapshot(url).catch((error: unknown) => error);

    expect(RagshipError.hasCode(failure, 'SOURCE_UNAVAILABLE')).toBe(true);
    expect((failure as Error).message).toContain(url);
  });

  it('when the URL is not http(s), then creating the source fails as invalid input', () => {
    expect(() => createWebSource('ftp://files.example.com/docs/')).toThrow(InvalidInputError);
    expect(() => createWebSource('not a url')).toThrow(InvalidInputError);
  });

  it('when a setting is out of range, then creating the source fails naming it', () => {
    expect(() => createWebSource(site.url('/docs/'), { concurrency: 0 })).toThrow(/"concurrency"/);
  });

  it('when the run is aborted, then it rejects and the mirror is left as it was', async () => {
    const first = await snapshot(site.url('/docs/'));
    const controller = new AbortController();
    site.setPage('/docs/guide.html', '<h1>Edited</h1>');
    controller.abort(new Error('stopped by the test'));

    const failure = await createWebSource(site.url('/docs/'))
      .snapshot({ previous: first.record, cacheDir, signal: controller.signal })
      .catch((error: unknown) => error);

    expect((failure as Error).message).toBe('stopped by the test');
    expect(readFileSync(path.join(first.directory, 'docs/guide.html'), 'utf8')).toContain('<h1>Guide</h1>');
    expect(existsSync(path.join(cacheDir, 'staging'))).toBe(false);
  });
});
