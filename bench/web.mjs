// First load of the web app in a real browser: the repository's docs ingested with `ragship
// ingest`, promoted to dev and served by `ragship serve` (which serves apps/web/dist on its own
// origin), then the chat page (/) and the console (/ops) opened in Debian's headless Chromium.
// Each cold load runs in a new browser context (empty cache, no storage) and is timed from before
// `page.goto` until the page shows its content; the second navigation in that context is the warm
// load. Writes bench/results/web.{json,md} and prints the table.
//
//   npm run bench:web                  # 10 cold loads (and 10 warm ones) of each page
//   options: --runs <n> (default 10), --json (the report on stdout, logs on stderr)

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// Playwright comes hoisted from the tests workspace (@playwright/test 1.65.2); its browser is Debian's Chromium.
import { chromium } from '@playwright/test';
import { startChromaServer } from '@ragship/chroma-server';
import { cli, serve } from './ragship-cli.mjs';
import { machine, writeFormatted } from './report-files.mjs';
import { median, percentile } from './speed/stats.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(BENCH_DIR, '..');
const SIZE_REPORT = path.join(REPO, 'apps', 'web', 'dist', 'size-report.json');
const CHROMIUM = '/usr/bin/chromium';
const ENVIRONMENT = 'dev';
/** How long one page may take to show its content before the run fails. */
const READY_TIMEOUT_MS = 15_000;
const TARGET_MS = 1000;

/**
 * A page of the web app and what shows it is usable. `ready` runs in the page (polled every
 * animation frame): the text that marks it loaded and `performance.now()` at that moment, or false.
 * @typedef {{ name: string, path: string, sizeKey: string, expected: string, readyWhen: string, ready: (expected: string) => false | { text: string, at: number } }} WebPage
 */

/** @type {WebPage[]} */
const PAGES = [
  {
    name: 'chat',
    path: '/',
    sizeKey: 'chat',
    expected: ENVIRONMENT,
    readyWhen: `the environment badge reads "${ENVIRONMENT}" (after \`GET /v1/session\`)`,
    ready: (expected) => {
      const text = document.querySelector('[data-testid="environment"]')?.textContent?.trim();
      return text === expected && { text, at: performance.now() };
    },
  },
  {
    name: 'console',
    path: '/ops',
    sizeKey: 'console',
    // /ops opens the environments overview; its heading shows once the session has loaded.
    expected: 'Environments',
    readyWhen: 'the first `main h1` shows a heading, not a placeholder ("Environments", after `GET /v1/session`)',
    ready: () => {
      const text = document.querySelector('main h1')?.textContent?.trim();
      return Boolean(text) && !/^(…|\.\.\.|loading\b)/i.test(text) && { text, at: performance.now() };
    },
  },
];

/** What to undo, last first; run once by {@link cleanUp} on success, failure or Ctrl-C. */
const cleanups = [];
let cleaning;
let interrupted = false;

function cleanUp() {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const step = cleanups.pop();
      try {
        await step();
      } catch (error) {
        log(`cleanup: ${error.message ?? error}`);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: stopping the browser, the API and Chroma…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
    },
  });
  const runs = positiveInteger('--runs', values.runs);
  const sizes = JSON.parse(readFileSync(SIZE_REPORT, 'utf8'));
  const started = performance.now();
  try {
    const workdir = mkdtempSync(path.join(os.tmpdir(), 'ragship-web-bench-'));
    cleanups.push(() => rmSync(workdir, { recursive: true, force: true }));
    // One Chroma server for every CLI call (CHROMA_URL), so no command starts an embedded one.
    const chroma = await startChromaServer({ dataDir: path.join(workdir, 'chroma') });
    cleanups.push(() => chroma.stop());
    // The default setup but for the store: no config file, no API keys, the embedded registry.
    const env = {
      CHROMA_URL: chroma.url,
      RAGSHIP_ACTOR: 'bench',
      RAGSHIP_ENV: '',
      RAGSHIP_API_KEYS: '',
      RAGSHIP_DATA_DIR: '',
      RAGSHIP_HOST: '',
      DATABASE_URL: '',
      PHOENIX_COLLECTOR_ENDPOINT: '',
    };
    log(`Chroma at ${chroma.url}; ingesting ${path.join(REPO, 'docs')}`);
    const ingest = JSON.parse(cli(['ingest', path.join(REPO, 'docs'), '--kb', 'docs', '--json'], workdir, env));
    cli(['promote', `docs@${ingest.version}`, '--to', ENVIRONMENT, '--json'], workdir, env);
    // Ends a server still starting when the run is cleaned up (Ctrl-C during the CLI calls above).
    const starting = new AbortController();
    cleanups.push(() => starting.abort());
    const server = await serve(workdir, env, [], { signal: starting.signal });
    cleanups.push(() => server.stop());
    log(
      `docs@${ingest.version} (${ingest.chunks?.total ?? '?'} chunks) promoted to ${ENVIRONMENT}; API at ${server.url}`,
    );

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
      // Ctrl-C is handled above, so the API and Chroma stop too.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    cleanups.push(() => browser.close());
    log(`Chromium ${browser.version()} headless; ${runs} cold loads of each page`);

    const pages = {};
    for (const webPage of PAGES) {
      pages[webPage.name] = await benchPage(browser, server.url, webPage, runs, sizes.pages[webPage.sizeKey]);
      const { timeToUsableMs: usable, warmTimeToUsableMs: warm } = pages[webPage.name];
      log(
        `${webPage.path}: time to usable p50 ${ms(usable.p50)}, p95 ${ms(usable.p95)} ms; warm p50 ${ms(warm.p50)} ms`,
      );
    }
    const chatP95 = pages.chat.timeToUsableMs.p95;
    const report = {
      generatedAt: new Date().toISOString(),
      command: command(),
      machine: machine(),
      browser: `Chromium ${browser.version()} (${CHROMIUM}), headless, no network or CPU throttling`,
      server: `ragship serve (${ENVIRONMENT}, no API keys) on ${new URL(server.url).hostname}, serving apps/web/dist; docs@${ingest.version} on a local Chroma server`,
      runs,
      pages,
      target: {
        target: `first load of the chat page on localhost under 1 s (p95 time to usable of / < ${TARGET_MS} ms)`,
        value: round(chatP95),
        holds: chatP95 < TARGET_MS,
      },
      wallSeconds: Math.round((performance.now() - started) / 1000),
    };
    const markdown = renderMarkdown(report);
    const outDir = path.join(BENCH_DIR, 'results');
    mkdirSync(outDir, { recursive: true });
    await writeFormatted(path.join(outDir, 'web.json'), JSON.stringify(report, null, 2));
    await writeFormatted(path.join(outDir, 'web.md'), markdown);
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(`${markdown}\n`);
    log(`wrote bench/results/web.{json,md} in ${report.wallSeconds} s`);
  } finally {
    await cleanUp();
  }
}

/**
 * One unmeasured load (the server's first requests), then `runs` contexts of one cold and one warm
 * load each.
 * @param {import('@playwright/test').Browser} browser
 * @param {string} baseUrl
 * @param {WebPage} webPage
 * @param {number} runs
 * @param {{ gzipBytes: number, files: { file: string, bytes: number, gzipBytes: number }[] }} size
 */
async function benchPage(browser, baseUrl, webPage, runs, size) {
  const url = new URL(webPage.path, baseUrl).href;
  const serverWarmup = await inContext(browser, (page) => load(page, url, webPage));
  const cold = [];
  const warm = [];
  for (let run = 0; run < runs; run += 1) {
    await inContext(browser, async (page) => {
      const first = await load(page, url, webPage);
      cold.push({ ...first, ...(await pageTiming(page)) });
      warm.push(await load(page, url, webPage));
    });
  }
  const usable = cold.map((run) => run.timeToUsableMs);
  const known = (values) => values.filter((value) => typeof value === 'number');
  return {
    path: webPage.path,
    readyWhen: webPage.readyWhen,
    heading: cold[0].text,
    timeToUsableMs: {
      p50: round(median(usable)),
      p95: round(percentile(usable, 95)),
      max: round(Math.max(...usable)),
      min: round(Math.min(...usable)),
    },
    loadEventEndMs: { p50: p50(known(cold.map((run) => run.loadEventEndMs))) },
    lcpMs: { p50: p50(known(cold.map((run) => run.lcpMs))) },
    warmTimeToUsableMs: { p50: p50(warm.map((run) => run.timeToUsableMs)) },
    gzipJsBytes: size.gzipBytes,
    jsFiles: size.files,
    serverWarmupMs: round(serverWarmup.timeToUsableMs),
    cold: cold.map(roundAll),
    warm: warm.map(roundAll),
  };
}

/** Runs `use` with a page of a new browser context: empty cache, no cookies or storage. */
async function inContext(browser, use) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    return await use(await context.newPage());
  } finally {
    await context.close();
  }
}

/**
 * Navigates to `url` and waits until the page shows its content. `timeToUsableMs` is measured here,
 * from before `page.goto`; `inPageMs` is the page's own clock at that moment (after its navigation start).
 * @param {import('@playwright/test').Page} page
 */
async function load(page, url, webPage) {
  const start = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  let shown;
  try {
    const handle = await page.waitForFunction(webPage.ready, webPage.expected, {
      polling: 'raf',
      timeout: READY_TIMEOUT_MS,
    });
    shown = await handle.jsonValue();
  } catch (error) {
    const body = await page.evaluate(() => document.body?.innerText ?? '').catch(() => '');
    throw new Error(
      `${url} did not show its content (${webPage.readyWhen}) within ${READY_TIMEOUT_MS} ms: ${error.message.split('\n')[0]}\nPage text: ${body.slice(0, 500)}`,
    );
  }
  const timeToUsableMs = performance.now() - start;
  if (shown.text !== webPage.expected) {
    throw new Error(`${url} showed "${shown.text}" where the bench expects "${webPage.expected}"`);
  }
  return { timeToUsableMs, inPageMs: shown.at, text: shown.text };
}

/** The page's own timing, once its load event has passed: Navigation Timing and the last LCP entry (ms after navigation start). */
async function pageTiming(page) {
  await page.waitForLoadState('load');
  return page.evaluate(async () => {
    const [navigation] = performance.getEntriesByType('navigation');
    let lcp = null;
    if (PerformanceObserver.supportedEntryTypes?.includes('largest-contentful-paint')) {
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) lcp = entry.startTime;
      });
      observer.observe({ type: 'largest-contentful-paint', buffered: true });
      // The buffered entries arrive in a task of their own; a frame and a task later they are in.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      for (const entry of observer.takeRecords()) lcp = entry.startTime;
      observer.disconnect();
    }
    return {
      domContentLoadedMs: navigation?.domContentLoadedEventEnd ?? null,
      loadEventEndMs: navigation?.loadEventEnd ?? null,
      lcpMs: lcp,
    };
  });
}

function renderMarkdown(report) {
  const { machine: m, pages, target } = report;
  const row = (page) => {
    const usable = page.timeToUsableMs;
    const files = page.jsFiles.length;
    return `| \`${page.path}\` (${page.heading}) | ${ms(usable.p50)} / ${ms(usable.p95)} / ${ms(usable.max)} | ${ms(page.loadEventEndMs.p50)} | ${ms(page.lcpMs.p50)} | ${ms(page.warmTimeToUsableMs.p50)} | ${(page.gzipJsBytes / 1024).toFixed(1)} KiB (${files} file${files === 1 ? '' : 's'}) |`;
  };
  return [
    '# ragship web app: first load',
    '',
    `Generated ${report.generatedAt} by \`${report.command}\` in ${report.wallSeconds} s.`,
    `Machine: ${m.cpu}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}. Browser: ${report.browser}.`,
    `Server: ${report.server}.`,
    '',
    `${report.runs} cold loads of each page, each in a new browser context (empty cache, no storage), timed from before \`page.goto\` until the page shows its content (time to usable); the chat page when ${pages.chat.readyWhen}, the console when ${pages.console.readyWhen}. Warm: a second navigation in the same context. The load event (\`loadEventEnd\`) and LCP are the page's own timing after its navigation start. One unmeasured load of each page comes first, so the server's first requests are not in the runs. Gzipped JS: \`apps/web/dist/size-report.json\`.`,
    '',
    '| Page | Time to usable p50 / p95 / max (ms) | Load event p50 (ms) | LCP p50 (ms) | Warm p50 (ms) | Gzipped JS |',
    '| --- | --- | --- | --- | --- | --- |',
    ...Object.values(pages).map(row),
    '',
    `Target: ${target.target}: ${ms(target.value)} ms, ${target.holds ? 'holds' : 'does not hold'}.`,
    '',
  ].join('\n');
}

/** How this run was started, as someone would type it again. */
function command() {
  const args = process.argv.slice(2).join(' ');
  if (process.env.npm_lifecycle_event === 'bench:web') return `npm run bench:web${args ? ` -- ${args}` : ''}`;
  return `node bench/web.mjs${args ? ` ${args}` : ''}`;
}

function positiveInteger(flag, text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a positive whole number, got "${text}"`);
  return value;
}

function p50(values) {
  return values.length > 0 ? round(median(values)) : null;
}

function round(value) {
  return typeof value === 'number' ? Math.round(value * 10) / 10 : value;
}

function roundAll(record) {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, round(value)]));
}

function ms(value) {
  return typeof value === 'number' ? String(Math.round(value)) : 'n/a';
}

function log(message) {
  process.stderr.write(`[bench:web] ${message}\n`);
}

main().catch(async (error) => {
  if (interrupted) return;
  process.stderr.write(`bench:web failed: ${error.stack ?? error}\n`);
  await cleanUp();
  process.exit(1);
});
