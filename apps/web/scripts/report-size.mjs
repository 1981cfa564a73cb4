// Prints, per page of the build, the JavaScript it loads at once (its module script and the
// modules it preloads) with raw and gzipped sizes, then the chunks loaded on demand (lazy
// routes), and writes them to dist/size-report.json.
/* global console */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);

/** The built pages: file, name in the report, the path it is served at. */
const PAGES = [
  { html: 'index.html', name: 'chat', path: '/' },
  { html: 'ops.html', name: 'console', path: '/ops' },
];

/**
 * The JavaScript files an HTML page loads up front: `<script type="module" src>` and
 * `<link rel="modulepreload" href>`, as paths relative to dist/.
 * @param {string} html
 * @returns {string[]}
 */
function scriptsOf(html) {
  /** @type {string[]} */
  const files = [];
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/g)) {
    /** @type {Record<string, string>} */
    const attributes = {};
    for (const [, name = '', doubleQuoted, singleQuoted] of tag.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attributes[name.toLowerCase()] = doubleQuoted ?? singleQuoted ?? '';
    }
    const file = tag.startsWith('<script')
      ? attributes.type === 'module' && attributes.src
      : attributes.rel === 'modulepreload' && attributes.href;
    if (file) files.push(file.replace(/^\//, ''));
  }
  return [...new Set(files)];
}

/**
 * @param {string} file
 * @returns {{ file: string, bytes: number, gzipBytes: number }}
 */
function sizeOf(file) {
  const content = readFileSync(new URL(file, dist));
  return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
}

/** @param {number} bytes */
const kilobytes = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

/** @type {Record<string, { path: string, files: { file: string, bytes: number, gzipBytes: number }[], gzipBytes: number }>} */
const pages = {};
for (const page of PAGES) {
  const files = scriptsOf(readFileSync(new URL(page.html, dist), 'utf8')).map(sizeOf);
  const gzipBytes = files.reduce((sum, file) => sum + file.gzipBytes, 0);
  pages[page.name] = { path: page.path, files, gzipBytes };
  console.log(`\n${page.name} ${page.path}`);
  for (const file of files) {
    console.log(
      `  ${file.file.padEnd(44)} ${kilobytes(file.bytes).padStart(10)}  gzip ${kilobytes(file.gzipBytes).padStart(9)}`,
    );
  }
  const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
  console.log(
    `  ${'total JavaScript'.padEnd(44)} ${kilobytes(bytes).padStart(10)}  gzip ${kilobytes(gzipBytes).padStart(9)}`,
  );
}
const loadedAtOnce = new Set(Object.values(pages).flatMap((page) => page.files.map((file) => file.file)));
const onDemand = readdirSync(new URL('assets/', dist))
  .map((name) => `assets/${name}`)
  .filter((file) => file.endsWith('.js') && !loadedAtOnce.has(file))
  .map(sizeOf);
console.log('\nloaded on demand');
for (const file of onDemand) {
  console.log(
    `  ${file.file.padEnd(44)} ${kilobytes(file.bytes).padStart(10)}  gzip ${kilobytes(file.gzipBytes).padStart(9)}`,
  );
}
writeFileSync(new URL('size-report.json', dist), `${JSON.stringify({ pages, onDemand }, null, 2)}\n`);
console.log('\nWrote dist/size-report.json');
