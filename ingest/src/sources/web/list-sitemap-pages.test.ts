import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RagshipError } from '@ragship/core';
import { startTestSite, TEST_SITE_SITEMAP_PATHS, type TestSite } from '../../testing/test-site.js';
import type { SourceRecord, SourceSnapshot } from '../document-source.js';
import { createWebSource } from './create-web-source.js';

let site: TestSite;
let cacheDir: string;

beforeEach(async () => {
  site = await startTestSite();
  cacheDir = mkdtempSync(path.join(tmpdir(), 'ragship-sitemap-'));
});

afterEach(async () => {
  await site.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

function snapshot(url: string, previous?: SourceRecord): Promise<SourceSnapshot> {
  return createWebSource(url, { delayMs: 0 }).snapshot({ previous, cacheDir });
}

const pagePaths = (result: SourceSnapshot) =>
  result.record.kind === 'web' ? result.record.pages.map((page) => page.path) : [];

describe('createWebSource, sitemap mode', () => {
  it('when the URL is a sitemap index, then the pages are exactly those its sitemaps list on the origin', async () => {
    const result = await snapshot(site.url('/sitemap.xml'));

    expect(result.record).toMatchObject({ kind: 'web', mode: 'sitemap', location: site.url('/sitemap.xml') });
    expect(pagePaths(result)).toEqual(TEST_SITE_SITEMAP_PATHS);
    expect(result.skipped).toEqual([{ path: 'docs/private/secret.html', reason: 'disallowed by robots.txt' }]);
    expect(site.counts('/docs/guide.html').full).toBe(0); // links are not followed
    expect(site.requests.filter((request) => request.path === '/docs/other-host.html')).toEqual([]);
  });

  it('when the URL is a plain sitemap, then only its pages are taken', async () => {
    const result = await snapshot(site.url('/sitemaps/docs.xml'));

    expect(pagePaths(result)).toEqual(['docs/index.html', 'docs/notes.md']);
  });

  it('when nothing changed, then robots.txt, the sitemaps and the pages are all asked for conditionally', async () => {
    const first = await snapshot(site.url('/sitemap.xml'));
    site.resetRequests();

    const second = await snapshot(site.url('/sitemap.xml'), first.record);

    expect(site.requests.map((request) => request.path).sort()).toEqual(
      [
        '/robots.txt',
        '/sitemap.xml',
        '/sitemaps/docs.xml',
        '/sitemaps/blog.xml',
        '/docs/index.html',
        '/docs/notes.md',
        '/blog/post.html',
      ].sort(),
    );
    expect(site.requests.every((request) => request.conditional && request.status === 304)).toBe(true);
    expect(second.unchanged).toBe(true);
  });

  it('when a page leaves the sitemap, then it leaves the mirror and the record', async () => {
    const first = await snapshot(site.url('/sitemaps/docs.xml'));
    site.setPage(
      '/sitemaps/docs.xml',
      `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${site.url('/docs/index.html')}</loc></url></urlset>`,
    );

    const second = await snapshot(site.url('/sitemaps/docs.xml'), first.record);

    expect(pagePaths(second)).toEqual(['docs/index.html']);
    expect(second.unchanged).toBe(false);
  });

  it('when a nested sitemap fails for now, then its cached copy keeps its pages listed', async () => {
    const first = await snapshot(site.url('/sitemap.xml'));
    site.setStatus('/sitemaps/blog.xml', 503);

    const second = await snapshot(site.url('/sitemap.xml'), first.record);

    expect(pagePaths(second)).toEqual(TEST_SITE_SITEMAP_PATHS);
  });

  it('when a nested sitemap is gone, then its pages leave the mirror and it is listed as skipped', async () => {
    const first = await snapshot(site.url('/sitemap.xml'));
    site.deletePage('/sitemaps/blog.xml');

    const second = await snapshot(site.url('/sitemap.xml'), first.record);

    expect(pagePaths(second)).toEqual(['docs/index.html', 'docs/notes.md']);
    expect(second.skipped).toContainEqual({
      path: 'sitemaps/blog.xml',
      reason: 'sitemap not read: the server answered HTTP 404',
    });
  });

  it('when the sitemap cannot be read, then the run fails naming it', async () => {
    const failure = await snapshot(site.url('/missing-sitemap.xml')).catch((error: unknown) => error);

    expect(RagshipError.hasCode(failure, 'SOURCE_UNAVAILABLE')).toBe(true);
    expect((failure as Error).message).toBe(
      `Cannot read the sitemap ${site.url('/missing-sitemap.xml')}: the server answered HTTP 404.`,
    );
  });
});
