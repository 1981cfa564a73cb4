import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '../../testing/test-site.js';
import { createWebSource } from './create-web-source.js';
import { createRequestPacer } from './request-pacer.js';

let site: TestSite;
let cacheDir: string;

beforeEach(async () => {
  site = await startTestSite();
  cacheDir = mkdtempSync(path.join(tmpdir(), 'ragship-pacing-'));
});

afterEach(async () => {
  await site.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

/** The gaps between the arrivals of consecutive requests at the site, in milliseconds. */
function gapsBetweenRequests(): number[] {
  const starts = site.requests.map((request) => request.at);
  return starts.slice(1).map((start, index) => start - starts[index]!);
}

describe('request pacing', () => {
  it('when delayMs is 100 with one request at a time, then request starts are at least ~100 ms apart', async () => {
    await createWebSource(site.url('/docs/'), { concurrency: 1, delayMs: 100, maxDepth: 1 }).snapshot({
      previous: undefined,
      cacheDir,
    });

    expect(site.requests.length).toBeGreaterThanOrEqual(6);
    expect(Math.min(...gapsBetweenRequests())).toBeGreaterThanOrEqual(95);
  });

  it('when requests run two at a time, then their starts are still delayMs apart', async () => {
    await createWebSource(site.url('/docs/'), { concurrency: 2, delayMs: 100, maxDepth: 1 }).snapshot({
      previous: undefined,
      cacheDir,
    });

    expect(Math.min(...gapsBetweenRequests())).toBeGreaterThanOrEqual(95);
  });

  it('when robots.txt sets a longer Crawl-delay, then it wins over delayMs', async () => {
    site.setPage('/robots.txt', 'User-agent: *\nCrawl-delay: 0.3\nDisallow: /docs/private/\n', 'text/plain');
    const logs: string[] = [];

    await createWebSource(site.url('/docs/'), { delayMs: 10, maxPages: 3 }).snapshot({
      previous: undefined,
      cacheDir,
      log: (line) => logs.push(line),
    });

    expect(site.requests).toHaveLength(4);
    expect(Math.min(...gapsBetweenRequests())).toBeGreaterThanOrEqual(295);
    expect(logs).toContainEqual(expect.stringContaining('robots.txt asks for 0.3 s between requests'));
  });

  it('when the run is aborted during a wait, then the wait ends at once', async () => {
    const pacer = createRequestPacer(10_000);
    await pacer.waitTurn();
    const controller = new AbortController();
    const started = performance.now();

    const waiting = pacer.waitTurn(controller.signal);
    controller.abort(new Error('stop'));

    await expect(waiting).rejects.toThrow('stop');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
