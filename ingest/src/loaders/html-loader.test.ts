import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../source-document.js';
import type { FileToLoad } from './file-loader.js';
import { htmlLoader } from './html-loader.js';
import { htmlToMarkdown } from './html-to-markdown.js';

const FIXTURES = fileURLToPath(new URL('../../test-fixtures/loaders/', import.meta.url));

function fixture(relativePath: string): FileToLoad {
  return { absolutePath: path.join(FIXTURES, relativePath), relativePath, modifiedAt: '2024-01-01T00:00:00.000Z' };
}

async function loadOne(file: FileToLoad): Promise<SourceDocument> {
  const items = [];
  for await (const item of htmlLoader(file)) items.push(item);
  expect(items).toHaveLength(1);
  const [item] = items;
  if (item?.kind !== 'document') throw new Error(`expected a document, got ${JSON.stringify(item)}`);
  return item.document;
}

async function loadHtml(html: string): Promise<SourceDocument> {
  const directory = mkdtempSync(path.join(tmpdir(), 'ragship-html-'));
  try {
    const absolutePath = path.join(directory, 'page.html');
    writeFileSync(absolutePath, html);
    return await loadOne({ absolutePath, relativePath: 'page.html', modifiedAt: '2024-01-01T00:00:00.000Z' });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe('htmlLoader', () => {
  it('when a page has headings, paragraphs, lists, a table and pre, then its text is Markdown-style blocks', async () => {
    const document = await loadOne(fixture('docs/page.html'));

    expect(document.format).toBe('html');
    expect(document.title).toBe('Operations handbook');
    expect(document.text).toBe(
      [
        '# Running the service',
        'The API serves the promoted version.',
        '## Checks',
        '- Health endpoint answers',
        '- Metrics are scraped',
        '1. Build',
        '2. Promote',
        'Signal | Threshold',
        'p95 latency | 800 ms',
        '```\nnpm run ingest\n  # indented comment, not a heading\n```',
      ].join('\n\n'),
    );
  });

  it('when a page has script, style, nav, noscript and template, then none of their text is indexed', async () => {
    const { text } = await loadOne(fixture('docs/page.html'));

    for (const dropped of [
      'trackingSecret',
      'font-family',
      'Navigation link text',
      'Enable JavaScript',
      'template text',
      'inline body script',
    ]) {
      expect(text).not.toContain(dropped);
    }
  });

  it('when a page has no <title>, then the first <h1> is the title, else the file name', async () => {
    expect((await loadHtml('<body><h2>Sub</h2><h1>  Main\n heading </h1></body>')).title).toBe('Main heading');
    expect((await loadHtml('<p>No headings</p>')).title).toBe('page.html');
  });
});

describe('htmlToMarkdown', () => {
  it('when text spans lines and inline elements, then its whitespace is collapsed within each block', () => {
    const $ = load('<div>first\n   <em>block</em>\t here<br>after break</div><p>\u00a0second&nbsp; block </p>');

    expect(htmlToMarkdown($)).toBe('first block here after break\n\nsecond block');
  });

  it('when headings of every level appear, then each becomes a line of as many # as its level', () => {
    const $ = load('<h1>One</h1><h3>Three <small>small</small></h3><h6>Six</h6>');

    expect(htmlToMarkdown($)).toBe('# One\n\n### Three small\n\n###### Six');
  });

  it('when list items nest or hold paragraphs, then every item is its own block with its marker', () => {
    const $ = load('<ul><li><p>Outer</p><ul><li>Inner</li></ul></li><li></li></ul><p>After</p>');

    expect(htmlToMarkdown($)).toBe('- Outer\n\n- Inner\n\nAfter');
  });

  it('when pre text holds backtick fences, then the code fence is longer than any run inside', () => {
    const $ = load('<pre>```js\nx()\n```</pre>');

    expect(htmlToMarkdown($)).toBe('````\n```js\nx()\n```\n````');
  });
});
