import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalEmbedder } from '@ragship/embeddings';
import { createSqliteRegistry, type Registry } from '@ragship/registry';
import { createInMemoryVectorStore, type InMemoryVectorStore } from '@ragship/vector-store/testing';
import { ingest, type IngestOptions } from './ingest.js';

let directory: string;
let registry: Registry;
let store: InMemoryVectorStore;

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'ragship-ingest-'));
  writeFileSync(
    path.join(directory, 'rollback.md'),
    '# Rolling back\n\nTo roll back an index, run ragship rollback docs --env prod.\n',
  );
  writeFileSync(path.join(directory, 'config.txt'), 'Chunk size and overlap are configured in ragship.config.yaml.\n');
  registry = createSqliteRegistry({ file: ':memory:' });
  store = createInMemoryVectorStore();
});
afterEach(async () => {
  await registry.close();
  rmSync(directory, { recursive: true, force: true });
});

function run(overrides: Partial<IngestOptions> = {}) {
  return ingest({
    directory,
    kb: 'docs',
    registry,
    store,
    embedder: createLocalEmbedder(),
    chunking: { size: 1000, overlap: 100 },
    pipelineVersion: 'test',
    ...overrides,
  });
}

describe('ingest', () => {
  it('when a directory is ingested the first time, then v1 is ready with a manifest and its chunks are stored', async () => {
    const result = await run();
    expect(result).toMatchObject({
      version: 'v1',
      parent: null,
      status: 'ready',
      documents: { added: 2, rejected: 0 },
    });
    const record = await registry.getVersion('docs', 1);
    expect(record?.status).toBe('ready');
    expect(record?.manifest?.documents['rollback.md']?.title).toBe('Rolling back');
    expect(record?.manifest?.segments).toEqual([{ name: 'ragship-docs-v1-base', chunks: result.chunks.total }]);
    expect(store.segments.get('ragship-docs-v1-base')?.size).toBe(result.chunks.total);
  });

  it('when nothing changed, then no version is written and version is null', async () => {
    await run();
    const again = await run();
    expect(again).toMatchObject({ version: null, status: 'unchanged', documents: { unchanged: 2 } });
    expect(await registry.listVersions('docs')).toHaveLength(1);
  });

  it('when a file changes, then v2 records v1 as parent and counts the change', async () => {
    await run();
    writeFileSync(path.join(directory, 'config.txt'), 'Chunk size is 1000 characters by default, overlap 100.\n');
    const result = await run();
    expect(result).toMatchObject({ version: 'v2', parent: 'v1', documents: { changed: 1, unchanged: 1, added: 0 } });
  });

  it('when the chunking changes, then the run says it rebuilds everything', async () => {
    await run();
    const result = await run({ chunking: { size: 500, overlap: 50 } });
    expect(result.version).toBe('v2');
    expect(result.fullRebuild).toMatch(/chunking changed from 1000\/100 to 500\/50/);
  });

  it('when a file is empty or not a supported type, then it is rejected or skipped with a reason', async () => {
    writeFileSync(path.join(directory, 'empty.md'), '   \n');
    writeFileSync(path.join(directory, 'image.png'), 'not really');
    const result = await run();
    expect(result.rejected).toEqual([{ docId: 'empty.md', reason: 'empty' }]);
    expect(result.skipped).toEqual([{ path: 'image.png', reason: 'unsupported file type ".png"' }]);
    expect((await registry.getVersion('docs', 1))?.manifest?.documents['empty.md']).toBeUndefined();
  });

  it('when the store fails mid-write, then the version is failed and no segment is left', async () => {
    const failing = { ...store, addChunks: () => Promise.reject(new Error('disk full')) };
    await expect(run({ store: failing })).rejects.toThrow('disk full');
    expect((await registry.getVersion('docs', 1))?.status).toBe('failed');
    expect(store.segments.size).toBe(0);
  });
});
