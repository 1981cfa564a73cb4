import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { estimateDocumentCount } from './estimate-document-count.js';
import { loadDirectory } from './load-directory.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'ragship-estimate-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('estimateDocumentCount', () => {
  it('when a tree has Markdown, JSON Lines and other files, then the estimate matches what loading yields', async () => {
    writeFileSync(path.join(directory, 'a.md'), '# A\n\nSome text here.\n');
    writeFileSync(
      path.join(directory, 'records.jsonl'),
      '{"id":1,"text":"one"}\n{"id":2,"text":"two"}\n{"id":3,"text":"three"}',
    );
    writeFileSync(path.join(directory, 'image.png'), 'x');
    let loaded = 0;
    for await (const item of loadDirectory(directory)) if (item.kind !== 'skipped') loaded++;
    expect(await estimateDocumentCount(directory)).toBe(loaded);
    expect(await estimateDocumentCount(directory, { exclude: ['*.jsonl'] })).toBe(1);
  });
});
