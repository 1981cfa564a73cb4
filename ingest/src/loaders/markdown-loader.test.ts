import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LoadedItem } from '../source-document.js';
import { markdownLoader } from './markdown-loader.js';

const FIXTURES = fileURLToPath(new URL('../../test-fixtures/loaders/', import.meta.url));

async function loadFixture(relativePath: string): Promise<LoadedItem[]> {
  const items: LoadedItem[] = [];
  const file = {
    absolutePath: path.join(FIXTURES, relativePath),
    relativePath,
    modifiedAt: '2024-01-01T00:00:00.000Z',
  };
  for await (const item of markdownLoader(file)) items.push(item);
  return items;
}

describe('markdownLoader', () => {
  it('when a # line sits in a code fence before the first heading, then the heading, not the comment, is the title', async () => {
    const items = await loadFixture('docs/guide.md');

    expect(items).toMatchObject([
      { kind: 'document', document: { docId: 'docs/guide.md', title: 'Deploying ragship' } },
    ]);
  });

  it('when a file has no # heading, then its title is the file name without extension', async () => {
    const items = await loadFixture('docs/untitled.md');

    expect(items).toMatchObject([{ kind: 'document', document: { title: 'untitled', format: 'markdown' } }]);
  });
});
