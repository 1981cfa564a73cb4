import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RagshipError } from '@ragship/core';
import { startTestSite, type TestSite } from '../../testing/test-site.js';
import type { SourceRecord, SourceSnapshot } from '../document-source.js';
import { createWebSource } from './create-web-source.js';
import { robotsAgentName } from './robots-rules.js';

let site: TestSite;
let cacheDir: string;
let logs: string[];

beforeEach(async () => {
  site = await startTestSite();
  cacheDir = mkdtempSync(path.join(tmpdir(), 'ragship-robots-'));
  logs = [];
});

afterEach(async () => {
  await site.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

function snapshot(previous?: SourceRecord): Promise<SourceSnapshot> {
  return createWebSource(site.url('/docs/'), { delayMs: 0, maxDepth: 1 }).snapshot({
    previous,
    cacheDir,
    log: (line) => logs.push(line),
  });
}

const pagePaths = (result: SourceSnapshot) =>
  result.record.kind === 'web' ? result.record.pages.map((page) => page.path) : [];

describe('robots.txt', () => {
  it('when a group names our user agent, then its rules apply rather than those for *', async () => {
    site.setPage(
      '/robots.txt',
      'User-agent: *\nDisallow: /\n\nUser-agent: ragship\nDisallow: /docs/faq\n',
      'text/plain',
    );

    const result = await snapshot();

    // Not the * group's "Disallow: /": the ragship group, which disallows /docs/faq alone, applies.
    expect(pagePaths(result)).toEqual([
      'docs/changelog.txt',
      'docs/guide.html',
      'docs/index.html',
      'docs/notes.md',
      'docs/private/secret.html',
    ]);
    expect(result.skipped).toContainEqual({ path: 'docs/faq', reason: 'disallowed by robots.txt' });
    expect(site.counts('/docs/faq').full).toBe(0);
  });

  it('when robots.txt disallows the start URL, then the run fails saying so', async () => {
    site.setPage('/robots.txt', 'User-agent: ragship\nDisallow: /docs/\n', 'text/plain');

    const failure = await snapshot().catch((error: unknown) => error);

    expect(RagshipError.hasCode(failure, 'SOURCE_UNAVAILABLE')).toBe(true);
    expect((failure as Error).message).toBe(
      `Cannot read ${site.url('/docs/')}: robots.txt disallows it for user agent "ragship".`,
    );
    expect(site.counts('/docs/').full).toBe(0);
  });

  it('when there is no robots.txt, then every page may be crawled', async () => {
    site.deletePage('/robots.txt');
    site.setPage('/docs/index.html', '<a href="private/secret.html">Secret</a>');

    const result = await snapshot();

    expect(pagePaths(result)).toEqual(['docs/index.html', 'docs/private/secret.html']);
  });

  it('when robots.txt fails and no copy is cached, then the whole site counts as disallowed', async () => {
    site.setStatus('/robots.txt', 503);

    const failure = await snapshot().catch((error: unknown) => error);

    expect((failure as Error).message).toBe(
      `Cannot read ${site.url('/docs/')}: robots.txt could not be read (the server answered HTTP 503), ` +
        'so the whole site counts as disallowed (RFC 9309).',
    );
    expect(site.counts('/docs/').full).toBe(0);
  });

  it('when robots.txt fails and a copy is cached, then the copy stands in with a warning', async () => {
    const first = await snapshot();
    site.setStatus('/robots.txt', 503);

    const second = await snapshot(first.record);

    expect(pagePaths(second)).toEqual(pagePaths(first));
    expect(logs).toContainEqual(expect.stringContaining('using the copy from the last run'));
    expect(site.counts('/docs/private/secret.html').full).toBe(0);
  });

  it.each([
    ['ragship (+https://github.com/ragship)', 'ragship'],
    ['ragship/1.2 (+https://github.com/ragship)', 'ragship'],
    ['  AcmeBot', 'AcmeBot'],
  ])('when the user agent is %s, then robots.txt groups are matched by %s', (userAgent, name) => {
    expect(robotsAgentName(userAgent)).toBe(name);
  });
});
