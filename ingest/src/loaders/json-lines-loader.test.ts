import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { documentContentHash, type LoadedItem } from '../source-document.js';
import type { FileToLoad } from './file-loader.js';
import { jsonLinesLoader } from './json-lines-loader.js';

const ARTICLES = fileURLToPath(new URL('../../test-fixtures/loaders/records/articles.jsonl', import.meta.url));
const articles: FileToLoad = {
  absolutePath: ARTICLES,
  relativePath: 'records/articles.jsonl',
  modifiedAt: '2024-01-01T00:00:00.000Z',
};

async function collect(file: FileToLoad): Promise<LoadedItem[]> {
  const items: LoadedItem[] = [];
  for await (const item of jsonLinesLoader(file)) items.push(item);
  return items;
}

describe('jsonLinesLoader', () => {
  it('when a record has id, title, text and other fields, then the others become metadata: scalars kept, nested JSON-encoded, null dropped', async () => {
    const [first] = await collect(articles);

    const metadata = { lang: 'en', year: 2024, reviewed: true, tags: '["a","b"]', source: '{"kind":"wiki"}' };
    expect(first).toEqual({
      kind: 'document',
      document: {
        docId: 'records/articles.jsonl#intro',
        source: `${pathToFileURL(ARTICLES).href}#intro`,
        title: 'Introduction',
        format: 'json',
        text: 'Welcome to the corpus.',
        contentHash: documentContentHash('Introduction', 'Welcome to the corpus.', metadata),
        modifiedAt: '2024-01-01T00:00:00.000Z',
        metadata,
      },
    });
  });

  it('when a record has a numeric _id and no title, then the id is its docId suffix and title', async () => {
    const items = await collect(articles);

    expect(items[1]).toMatchObject({ kind: 'document', document: { docId: 'records/articles.jsonl#42', title: '42' } });
  });

  it('when an id needs escaping and the title is blank, then the source fragment is URI-encoded and the id is the title', async () => {
    const items = await collect(articles);

    expect(items.at(-1)).toMatchObject({
      kind: 'document',
      document: {
        docId: 'records/articles.jsonl#spaced id/1',
        source: `${pathToFileURL(ARTICLES).href}#spaced%20id%2F1`,
        title: 'spaced id/1',
      },
    });
  });

  it('when lines lack text, are not JSON or repeat an id, then each is invalid with a reason and the blank line is ignored', async () => {
    const invalid = (await collect(articles)).filter((item) => item.kind === 'invalid');

    expect(invalid).toEqual([
      {
        kind: 'invalid',
        docId: 'records/articles.jsonl#no-text',
        reason: 'record "no-text" has no string "text" field (line 4)',
      },
      {
        kind: 'invalid',
        docId: 'records/articles.jsonl#line-5',
        reason: expect.stringMatching(/^line 5 is not valid JSON: /) as unknown,
      },
      {
        kind: 'invalid',
        docId: 'records/articles.jsonl#intro',
        reason: 'duplicate record id "intro" at line 6: first at line 1',
      },
    ]);
  });

  it('when a line has no usable id or is not an object, then it is invalid under its line number', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'ragship-jsonl-'));
    try {
      const file = await writeJsonLines(directory, [
        '{"text":"no id"}',
        '{"id":"","text":"empty id"}',
        '[1,2]',
        '{"id":{"x":1},"text":"t"}',
      ]);

      const reasons = (await collect(file)).map((item) =>
        item.kind === 'invalid' ? `${item.docId}: ${item.reason}` : item.kind,
      );

      expect(reasons).toEqual([
        'records.jsonl#line-1: line 1 has no "id" or "_id" (a non-empty string or a number)',
        'records.jsonl#line-2: line 2 has no "id" or "_id" (a non-empty string or a number)',
        'records.jsonl#line-3: line 3 is not a JSON object but an array',
        'records.jsonl#line-4: line 4 has no "id" or "_id" (a non-empty string or a number)',
      ]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('when a large file is loaded, then it is streamed: the heap never holds the file', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'ragship-jsonl-'));
    try {
      // 40,000 records of ~1 KB: a 40 MB file. Reading it whole would keep ≥ 40 MB alive while records are yielded.
      const filler = 'lorem ipsum dolor sit amet '.repeat(36);
      const records = function* (): Generator<string> {
        for (let index = 0; index < 40_000; index += 1) yield JSON.stringify({ id: index, text: `${index} ${filler}` });
      };
      const file = await writeJsonLines(directory, records());
      const collectGarbage = exposeGarbageCollector();
      collectGarbage();
      const baseline = retainedBytes();

      let documents = 0;
      let largestGrowth = 0;
      for await (const item of jsonLinesLoader(file)) {
        if (item.kind === 'document') documents += 1;
        if (documents % 5_000 === 2_500) {
          collectGarbage();
          largestGrowth = Math.max(largestGrowth, retainedBytes() - baseline);
        }
      }

      expect(documents).toBe(40_000);
      expect(largestGrowth).toBeLessThan(16 * 1024 * 1024);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 30_000);
});

async function writeJsonLines(directory: string, lines: Iterable<string>): Promise<FileToLoad> {
  const absolutePath = path.join(directory, 'records.jsonl');
  const output = createWriteStream(absolutePath);
  for (const line of lines) {
    if (!output.write(`${line}\n`)) await once(output, 'drain');
  }
  output.end();
  await once(output, 'finish');
  return { absolutePath, relativePath: 'records.jsonl', modifiedAt: '2024-01-01T00:00:00.000Z' };
}

/** V8's `gc()` without restarting the test worker with --expose-gc: the flag applies to new contexts. */
function exposeGarbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** JavaScript heap plus memory held outside it: Node keeps large decoded file contents as external strings. */
function retainedBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}
