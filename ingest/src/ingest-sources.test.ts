import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceRecord } from '@ragship/core';
import { createLocalEmbedder } from '@ragship/embeddings';
import { countingEmbedder } from '@ragship/embeddings/testing';
import type { DocumentSource, SnapshotOptions, SourceSnapshot } from './sources/document-source.js';
import { defaults, directory, registry, run, useIngestFixture } from './testing/ingest-fixture.js';

useIngestFixture();

let cacheRoot: string;
beforeEach(() => {
  cacheRoot = mkdtempSync(path.join(tmpdir(), 'ragship-source-cache-'));
});
afterEach(() => rmSync(cacheRoot, { recursive: true, force: true }));

/**
 * A source that hands ingest the fixture's folder with what a remote source would add (a record,
 * citation URLs, skipped entries, "unchanged"), and remembers what ingest told it and whether it
 * was released: the pipeline's side of the source contract, whatever the real source.
 */
function remoteLike(answer: Partial<SourceSnapshot> & { location?: string }) {
  const calls: SnapshotOptions[] = [];
  let released = 0;
  const location = answer.location ?? 'https://example.test/docs/';
  const record: SourceRecord = answer.record ?? { kind: 'web', location, mode: 'crawl', pages: [] };
  const source: DocumentSource = {
    kind: record.kind,
    location,
    snapshot(options) {
      calls.push(options);
      return Promise.resolve({
        directory,
        record,
        unchanged: answer.unchanged ?? false,
        ...(answer.sourceUrls ? { sourceUrls: answer.sourceUrls } : {}),
        ...(answer.skipped ? { skipped: answer.skipped } : {}),
        release: () => {
          released++;
          return Promise.resolve();
        },
      });
    },
  };
  return { source, calls, released: () => released };
}

const pages = (etag: string): SourceRecord => ({
  kind: 'web',
  location: 'https://example.test/docs/',
  mode: 'crawl',
  pages: [{ path: 'promote.md', url: 'https://example.test/docs/promote.md', etag, contentType: 'text/markdown' }],
});

describe('ingest from a source', () => {
  it('when a remote source gives its files, then the manifest records what it saw and citations carry its URLs', async () => {
    const first = remoteLike({
      record: pages('"a"'),
      sourceUrls: new Map([['promote.md', 'https://example.test/docs/promote.md']]),
      skipped: [{ path: 'logo.png', reason: 'content type image/png: no loader' }],
    });
    const result = await run({ source: first.source, sourceCacheDir: cacheRoot });
    expect(result.version).toBe('v1');
    expect(result.skipped).toContainEqual({ path: 'logo.png', reason: 'content type image/png: no loader' });
    const manifest = (await registry.getVersion('docs', 1))?.manifest;
    expect(manifest?.source).toEqual(pages('"a"'));
    expect(manifest?.documents['promote.md']?.source).toBe('https://example.test/docs/promote.md');
    expect(manifest?.documents['config.txt']?.source).toMatch(/^file:\/\//);
    expect(first.calls[0]?.previous).toBeUndefined();
    expect(first.calls[0]?.cacheDir.startsWith(path.join(cacheRoot, 'docs', 'web-'))).toBe(true);
    expect(first.released()).toBe(1);
  });

  it('when the source says nothing changed, then no file is read, nothing is embedded and no version is made', async () => {
    await run({ source: remoteLike({ record: pages('"a"') }).source, sourceCacheDir: cacheRoot });
    rmSync(directory, { recursive: true, force: true }); // proves nothing is read from the copy
    const second = remoteLike({ record: pages('"a"'), unchanged: true });
    const embedder = countingEmbedder(createLocalEmbedder());
    const result = await run({ source: second.source, sourceCacheDir: cacheRoot, embedder });
    expect(result).toMatchObject({ version: null, parent: 'v1' });
    expect(embedder.calls).toBe(0);
    expect(second.calls[0]?.previous).toEqual(pages('"a"'));
    expect(second.released()).toBe(1);
  });

  it('when the parent came from another location, then the source is not told about it', async () => {
    await run({ source: remoteLike({ record: pages('"a"') }).source, sourceCacheDir: cacheRoot });
    const elsewhere = remoteLike({
      location: 'https://other.test/',
      record: { kind: 'web', location: 'https://other.test/', mode: 'crawl', pages: [] },
      unchanged: true,
    });
    const result = await run({ source: elsewhere.source, sourceCacheDir: cacheRoot });
    expect(elsewhere.calls[0]?.previous).toBeUndefined();
    // Same files, so still nothing new, but found by reading them, not by the source's word.
    expect(result.version).toBeNull();
  });

  it('when the run fails after the snapshot, then the snapshot is still released', async () => {
    const failing = remoteLike({ record: pages('"a"') });
    const error = await run({
      source: failing.source,
      sourceCacheDir: cacheRoot,
      ingest: { ...defaults.ingest, exclude: ['**'] },
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'NOTHING_TO_INGEST' });
    expect((error as Error).message).toContain('https://example.test/docs/');
    expect(failing.released()).toBe(1);
  });
});
