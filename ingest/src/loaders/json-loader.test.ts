import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoadedItem } from '../source-document.js';
import type { FileToLoad } from './file-loader.js';
import { jsonLoader } from './json-loader.js';

const FIXTURES = fileURLToPath(new URL('../../test-fixtures/loaders/', import.meta.url));

async function collect(file: FileToLoad): Promise<LoadedItem[]> {
  const items: LoadedItem[] = [];
  for await (const item of jsonLoader(file)) items.push(item);
  return items;
}

describe('jsonLoader', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'ragship-json-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  function scratch(content: string): FileToLoad {
    writeFileSync(path.join(directory, 'data.json'), content);
    return {
      absolutePath: path.join(directory, 'data.json'),
      relativePath: 'data.json',
      modifiedAt: '2024-01-01T00:00:00.000Z',
    };
  }

  it('when a file is an array of records, then each record is a document with its id, title and metadata', async () => {
    const file = {
      absolutePath: path.join(FIXTURES, 'records/faq.json'),
      relativePath: 'records/faq.json',
      modifiedAt: '2024-01-01T00:00:00.000Z',
    };

    const items = await collect(file);

    expect(items).toMatchObject([
      {
        kind: 'document',
        document: {
          docId: 'records/faq.json#faq-1',
          title: 'What is a version?',
          format: 'json',
          text: 'An immutable index build.',
          metadata: { category: 'basics' },
        },
      },
      { kind: 'document', document: { docId: 'records/faq.json#faq-2', title: 'faq-2', metadata: {} } },
    ]);
  });

  it('when a file is one object with text, then it is one record', async () => {
    const items = await collect(scratch('{"_id": 7, "text": "Only record.", "lang": "de"}'));

    expect(items).toMatchObject([{ kind: 'document', document: { docId: 'data.json#7', metadata: { lang: 'de' } } }]);
  });

  it('when array records lack an id or repeat one, then they are invalid and named by position', async () => {
    const items = await collect(scratch('[{"id":"a","text":"x"},{"text":"no id"},{"id":"a","text":"again"},"loose"]'));

    expect(items.slice(1)).toEqual([
      {
        kind: 'invalid',
        docId: 'data.json#record-2',
        reason: 'record 2 has no "id" or "_id" (a non-empty string or a number)',
      },
      { kind: 'invalid', docId: 'data.json#a', reason: 'duplicate record id "a" at record 3: first at record 1' },
      { kind: 'invalid', docId: 'data.json#record-4', reason: 'record 4 is not a JSON object but a string' },
    ]);
  });

  it.each([
    ['package.json', 'records/package.json', 'JSON object without a "text" field: not a record'],
    ['a list of strings', '["a", "b"]', 'JSON array holds no objects: not records'],
    ['an empty array', '[]', 'JSON array is empty: no records'],
    ['a number', '42', 'JSON is a number: not a record or an array of records'],
  ])('when a file is %s, then it is skipped saying it holds no records', async (_case, source, reason) => {
    const file = source.startsWith('records/')
      ? { absolutePath: path.join(FIXTURES, source), relativePath: source, modifiedAt: '2024-01-01T00:00:00.000Z' }
      : scratch(source);

    const items = await collect(file);

    expect(items).toEqual([{ kind: 'skipped', skipped: { path: file.relativePath, reason } }]);
  });

  it('when a file is not JSON, then one invalid item names the file', async () => {
    const items = await collect(scratch('{"id": "x", "text": '));

    expect(items).toEqual([
      { kind: 'invalid', docId: 'data.json', reason: expect.stringMatching(/^not valid JSON: /) as unknown },
    ]);
  });
});
