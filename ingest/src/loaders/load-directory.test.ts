import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InvalidInputError } from '@ragship/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentContentHash, type LoadedItem, type SourceDocument } from '../source-document.js';
import { loadDirectory, type LoadDirectoryOptions } from './load-directory.js';

const FIXTURES = fileURLToPath(new URL('../../test-fixtures/loaders/', import.meta.url));

async function collect(root: string, options?: LoadDirectoryOptions): Promise<LoadedItem[]> {
  const items: LoadedItem[] = [];
  for await (const item of loadDirectory(root, options)) items.push(item);
  return items;
}

/** Each item as `kind path-or-docId`, in order. */
function summarise(items: readonly LoadedItem[]): string[] {
  return items.map((item) => {
    if (item.kind === 'document') return `document ${item.document.docId}`;
    if (item.kind === 'skipped') return `skipped ${item.skipped.path}`;
    return `invalid ${item.docId}`;
  });
}

function documents(items: readonly LoadedItem[]): SourceDocument[] {
  return items.flatMap((item) => (item.kind === 'document' ? [item.document] : []));
}

function skippedReasons(items: readonly LoadedItem[]): Record<string, string> {
  return Object.fromEntries(
    items.flatMap((item) => (item.kind === 'skipped' ? [[item.skipped.path, item.skipped.reason]] : [])),
  );
}

describe('loadDirectory over the fixtures', () => {
  it('when the fixtures are walked, then every file yields its items in sorted path order and hidden folders are left out', async () => {
    const items = await collect(FIXTURES);

    expect(summarise(items)).toEqual([
      'skipped docs/data.csv',
      'document docs/guide.md',
      'document docs/notes.txt',
      'document docs/page.html',
      'document docs/releases.pdf#page-1',
      'document docs/releases.pdf#page-2',
      'document docs/untitled.md',
      'document drafts/wip.md',
      'document records/articles.jsonl#intro',
      'document records/articles.jsonl#42',
      'invalid records/articles.jsonl#no-text',
      'invalid records/articles.jsonl#line-5',
      'invalid records/articles.jsonl#intro',
      'document records/articles.jsonl#spaced id/1',
      'document records/faq.json#faq-1',
      'document records/faq.json#faq-2',
      'skipped records/package.json',
    ]);
    expect(skippedReasons(items)['docs/data.csv']).toBe('unsupported file type ".csv"');
  });

  it('when the fixtures are walked, then each document has its format and title', async () => {
    const byId = new Map(documents(await collect(FIXTURES)).map((document) => [document.docId, document]));

    expect(byId.get('docs/guide.md')).toMatchObject({ format: 'markdown', title: 'Deploying ragship' });
    expect(byId.get('docs/untitled.md')).toMatchObject({ format: 'markdown', title: 'untitled' });
    expect(byId.get('docs/notes.txt')).toMatchObject({ format: 'text', title: 'notes.txt' });
    expect(byId.get('docs/page.html')).toMatchObject({ format: 'html', title: 'Operations handbook' });
    expect(byId.get('docs/releases.pdf#page-2')).toMatchObject({ format: 'pdf', title: 'Ragship loader fixture' });
    expect(byId.get('records/faq.json#faq-1')).toMatchObject({ format: 'json', title: 'What is a version?' });
  });

  it('when the same directory is walked twice, then the items are identical', async () => {
    const first = await collect(FIXTURES);
    const second = await collect(FIXTURES);

    expect(second).toEqual(first);
  });

  it('when exclude patterns are given, then matching files and directories are neither loaded nor reported', async () => {
    const items = await collect(FIXTURES, { exclude: ['drafts', '**/*.csv', 'records/*.json'] });
    const paths = summarise(items);

    expect(paths).not.toContain('document drafts/wip.md');
    expect(paths).not.toContain('skipped docs/data.csv');
    expect(paths).not.toContain('skipped records/package.json');
    expect(paths).not.toContain('document records/faq.json#faq-1');
    expect(paths).toContain('document records/articles.jsonl#intro');
    expect(paths).toContain('document docs/guide.md');
  });
});

describe('loadDirectory over a scratch directory', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'ragship-loaders-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  function write(relativePath: string, content: string | Uint8Array): string {
    const absolutePath = path.join(root, relativePath);
    mkdirSync(path.dirname(absolutePath), { recursive: true });
    writeFileSync(absolutePath, content);
    return absolutePath;
  }

  it('when files are created out of order, then they are yielded by path, directories among files', async () => {
    for (const name of ['c.txt', 'b.md', 'a/z.md', 'a.md', 'B.md']) write(name, 'text');

    expect(summarise(await collect(root))).toEqual([
      'document B.md',
      'document a.md',
      'document a/z.md',
      'document b.md',
      'document c.txt',
    ]);
  });

  it('when entries are hidden or inside node_modules, then they are not walked', async () => {
    write('.env.md', 'secret');
    write('.git/notes.md', 'git internals');
    write('node_modules/pkg/readme.md', 'dependency docs');
    write('docs/node_modules/readme.md', 'nested dependency docs');
    write('docs/kept.md', 'kept');

    expect(summarise(await collect(root))).toEqual(['document docs/kept.md']);
  });

  it('when the root does not exist, then loading throws InvalidInputError naming the path', async () => {
    const missing = path.join(root, 'missing');

    const error = await collect(missing).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toContain(missing);
    expect((error as InvalidInputError).cause).toBeDefined();
  });

  it('when the root is a file, then loading throws InvalidInputError naming the path', async () => {
    const file = write('file.md', '# A file');

    await expect(collect(file)).rejects.toThrow(InvalidInputError);
    await expect(collect(file)).rejects.toThrow(`${file}: it is not a directory`);
  });

  it('when a file has CRLF line endings and a byte-order mark, then its text is normalised and hashed as such', async () => {
    const file = write('windows.md', '\uFEFF# Windows\r\n\r\nline one\rline two\r\n');
    utimesSync(file, new Date('2024-05-01T10:00:00Z'), new Date('2024-05-01T10:00:00Z'));

    const [document] = documents(await collect(root));

    expect(document).toEqual({
      docId: 'windows.md',
      source: pathToFileURL(file).href,
      title: 'Windows',
      format: 'markdown',
      text: '# Windows\n\nline one\nline two\n',
      contentHash: documentContentHash('Windows', '# Windows\n\nline one\nline two\n', {}),
      modifiedAt: '2024-05-01T10:00:00.000Z',
      metadata: {},
    });
  });

  it('when a text file is not valid UTF-8, then it is still yielded with replacement characters for validation to reject', async () => {
    write('latin1.txt', Buffer.from('caf\xe9 cr\xe8me', 'latin1'));

    const [document] = documents(await collect(root));

    expect(document?.text).toBe('caf\uFFFD cr\uFFFDme');
  });

  it('when a text-format file starts with NUL bytes, then it is yielded whole and unparsed for validation to reject as binary', async () => {
    const binary = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(16), Buffer.from('{"id":1}\n')]);
    write('archive.jsonl', binary);
    write('page.html', binary);

    const items = await collect(root);

    expect(summarise(items)).toEqual(['document archive.jsonl', 'document page.html']);
    expect(
      documents(items).map((document) => [document.format, document.title, document.text.includes('\u0000')]),
    ).toEqual([
      ['json', 'archive.jsonl', true],
      ['html', 'page.html', true],
    ]);
  });

  it('when a symbolic link is broken, then it is skipped saying the file cannot be read', async () => {
    symlinkSync(path.join(root, 'nowhere.md'), path.join(root, 'dangling.md'));

    expect(skippedReasons(await collect(root))['dangling.md']).toMatch(/^cannot read file: ENOENT/);
  });

  it('when a file has no extension or an unknown one, then it is skipped naming the type', async () => {
    write('Makefile', 'all:');
    write('scores.tsv', 'a\tb');

    expect(skippedReasons(await collect(root))).toEqual({
      Makefile: 'unsupported file type (no extension)',
      'scores.tsv': 'unsupported file type ".tsv"',
    });
  });

  it('when a symbolic link points to a file or a directory inside the root, then the file is loaded and the directory is not followed', async () => {
    write('kb/shared/real.md', '# Real');
    symlinkSync(path.join(root, 'kb', 'shared', 'real.md'), path.join(root, 'kb', 'linked.md'));
    symlinkSync(path.join(root, 'kb', 'shared'), path.join(root, 'kb', 'linked-folder'));

    const items = await collect(path.join(root, 'kb'));

    expect(summarise(items)).toEqual(['skipped linked-folder', 'document linked.md', 'document shared/real.md']);
    expect(skippedReasons(items)['linked-folder']).toBe('symbolic link to a directory: not followed');
  });

  it('when a symbolic link points outside the root, then it is skipped with why, unless followLinksOutside allows it', async () => {
    const secret = write('outside/token.md', '# A service-account token that must not be served');
    mkdirSync(path.join(root, 'kb'));
    write('kb/guide.md', '# Guide');
    symlinkSync(secret, path.join(root, 'kb', 'token.md'));
    symlinkSync(path.join(root, 'outside'), path.join(root, 'kb', 'outside-folder'));

    const items = await collect(path.join(root, 'kb'));

    expect(summarise(items)).toEqual(['document guide.md', 'skipped outside-folder', 'skipped token.md']);
    expect(skippedReasons(items)['token.md']).toMatch(
      /^symbolic link to outside .*kb: not followed \(ingest\.followLinksOutside allows it\)$/,
    );
    const followed = await collect(path.join(root, 'kb'), { followLinksOutside: true });
    expect(summarise(followed)).toContain('document token.md');
  });

  it('when a file is larger than maxFileBytes, then it is skipped by its size without being read', async () => {
    write('small.md', '# Small\n\nFits.');
    write('huge.md', `# Huge\n\n${'x'.repeat(5000)}`);

    const items = await collect(root, { maxFileBytes: 1000 });

    expect(summarise(items)).toEqual(['skipped huge.md', 'document small.md']);
    expect(skippedReasons(items)['huge.md']).toBe(
      'file too large: 5008 bytes, over ingest.maxFileBytes (1000); not read',
    );
  });

  it('when a directory holds a BEIR or QA data set, then only the corpus is loaded and the evaluation files are skipped with why', async () => {
    const record = '{"_id":"1","text":"t"}\n';
    for (const name of ['beir/corpus.jsonl', 'beir/queries.jsonl', 'beir/qrels/test.tsv', 'beir/qrels/dev.jsonl']) {
      write(name, record);
    }
    for (const name of ['qa/documents.jsonl', 'qa/questions.jsonl']) write(name, record);
    write('plain/queries.jsonl', record);
    write('plain/qrels/notes.md', '# Not evaluation data without a corpus beside it');

    const items = await collect(root);

    expect(skippedReasons(items)).toEqual({
      'beir/queries.jsonl': 'BEIR evaluation queries/labels, not corpus',
      'beir/qrels/dev.jsonl': 'BEIR evaluation queries/labels, not corpus',
      'beir/qrels/test.tsv': 'BEIR evaluation queries/labels, not corpus',
      'qa/questions.jsonl': 'QA evaluation questions, not corpus',
    });
    expect(documents(items).map((document) => document.docId)).toEqual([
      'beir/corpus.jsonl#1',
      'plain/qrels/notes.md',
      'plain/queries.jsonl#1',
      'qa/documents.jsonl#1',
    ]);
  });

  it('when a BEIR corpus is excluded, then its queries are still skipped as evaluation data, not loaded as corpus', async () => {
    for (const name of ['corpus.jsonl', 'queries.jsonl']) write(name, '{"_id":"1","text":"t"}\n');

    const items = await collect(root, { exclude: ['corpus.jsonl'] });

    expect(summarise(items)).toEqual(['skipped queries.jsonl']);
  });
});
