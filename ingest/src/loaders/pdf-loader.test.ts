import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoadedItem } from '../source-document.js';
import type { FileToLoad } from './file-loader.js';
import { pdfLoader } from './pdf-loader.js';

const PDF = fileURLToPath(new URL('../../test-fixtures/loaders/docs/releases.pdf', import.meta.url));

async function collect(file: FileToLoad): Promise<LoadedItem[]> {
  const items: LoadedItem[] = [];
  for await (const item of pdfLoader(file)) items.push(item);
  return items;
}

describe('pdfLoader', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'ragship-pdf-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  function scratchPdf(bytes: Uint8Array | string): FileToLoad {
    const absolutePath = path.join(directory, 'broken.pdf');
    writeFileSync(absolutePath, bytes);
    return { absolutePath, relativePath: 'broken.pdf', modifiedAt: '2024-01-01T00:00:00.000Z' };
  }

  it('when a PDF has two pages of text and a blank one, then each text page is a document with its page number', async () => {
    const file = { absolutePath: PDF, relativePath: 'docs/releases.pdf', modifiedAt: '2024-01-01T00:00:00.000Z' };

    const items = await collect(file);

    const fileUrl = pathToFileURL(PDF).href;
    expect(items).toMatchObject([
      {
        kind: 'document',
        document: {
          docId: 'docs/releases.pdf#page-1',
          source: `${fileUrl}#page=1`,
          title: 'Ragship loader fixture',
          format: 'pdf',
          text: 'Vector indexes\nEach version of a knowledge base is an immutable vector index.',
          metadata: { page: 1, pages: 3 },
        },
      },
      {
        kind: 'document',
        document: {
          docId: 'docs/releases.pdf#page-2',
          source: `${fileUrl}#page=2`,
          text: 'Releases\nPromoting a version moves the alias; rollback moves it back.',
          metadata: { page: 2, pages: 3 },
        },
      },
    ]);
    expect(items).toHaveLength(2);
  });

  it.each([
    ['a text file named .pdf', () => 'this is not a PDF at all'],
    ['a PDF cut off before its pages', () => readFileSync(PDF).subarray(0, 300)],
  ])('when the file is %s, then one invalid item says it cannot be parsed', async (_case, bytes) => {
    const items = await collect(scratchPdf(bytes()));

    expect(items).toEqual([
      { kind: 'invalid', docId: 'broken.pdf', reason: expect.stringMatching(/^cannot parse PDF: .+/) as unknown },
    ]);
  });
});
