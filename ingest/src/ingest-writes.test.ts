import { describe, expect, it } from 'vitest';
import type { EmbeddedChunk } from '@ragship/core';
import { createLocalEmbedder } from '@ragship/embeddings';
import { countingEmbedder } from '@ragship/embeddings/testing';
import { defaults, registry, run, store, useIngestFixture, write } from './testing/ingest-fixture.js';

useIngestFixture();

describe('ingest writes', () => {
  it('when the store fails mid-write, then the version is failed and its segment is gone', async () => {
    const failing = { ...store, addChunks: () => Promise.reject(new Error('disk full')) };
    await expect(run({ store: failing })).rejects.toThrow('disk full');
    expect((await registry.getVersion('docs', 1))?.status).toBe('failed');
    expect(store.segments.size).toBe(0);
  });

  it.each([
    [
      'alters a chunk it stores',
      (chunks: readonly EmbeddedChunk[]) =>
        chunks.map((chunk, index) => (index === 0 ? { ...chunk, text: `${chunk.text} (garbled)` } : chunk)),
    ],
    ['drops a chunk', (chunks: readonly EmbeddedChunk[]) => chunks.slice(1)],
    ['stores a chunk nobody sent', (chunks: readonly EmbeddedChunk[]) => [...chunks, { ...chunks[0]!, id: 'stray' }]],
  ])('when the store %s, then verification fails the run, names the segment and leaves nothing', async (_, mangle) => {
    let batches = 0;
    const lossy = {
      ...store,
      addChunks: (segment: string, chunks: readonly EmbeddedChunk[]) =>
        store.addChunks(segment, ++batches === 2 ? mangle(chunks) : chunks),
    };
    for (let index = 0; index < 6; index++)
      write(`note-${index}.md`, `# Note ${index}\n\nHow to roll back ${index}.\n`);
    const failure = run({ store: lossy, ingest: { ...defaults.ingest, batchSize: 3 } });
    await expect(failure).rejects.toMatchObject({ code: 'VERIFY_FAILED' });
    await expect(failure).rejects.toThrow(/Verification of ragship-docs-v1-base failed/);
    expect((await registry.getVersion('docs', 1))?.status).toBe('failed');
    expect(store.segments.size).toBe(0);
  });

  it('when embedding outruns the store, then no more than three batches wait embedded for it (two being written, one queued): memory follows the batch', async () => {
    for (let index = 0; index < 40; index++)
      write(`note-${index}.md`, `# Note ${index}\n\nHow to roll back ${index}.\n`);
    const embedder = countingEmbedder(createLocalEmbedder());
    let added = 0;
    let mostWaiting = 0;
    const slowStore = {
      ...store,
      async addChunks(segment: string, chunks: readonly EmbeddedChunk[]) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        mostWaiting = Math.max(mostWaiting, embedder.texts - added);
        await store.addChunks(segment, chunks);
        added += chunks.length;
      },
    };
    const result = await run({ store: slowStore, embedder, ingest: { ...defaults.ingest, batchSize: 4 } });
    expect(result.chunks.written).toBe(43);
    expect(mostWaiting).toBeGreaterThan(4);
    expect(mostWaiting).toBeLessThanOrEqual(12);
  });

  it('when a run died while building, then the next run cleans it up and ends like a clean run', async () => {
    await run();
    const dead = await registry.createVersion('docs', 1, 'elsewhere:1');
    await store.createSegment('ragship-docs-v2-delta', { dimensions: 384 });
    write('config.txt', 'A changed configuration page, long enough to keep.\n');
    await expect(run({ isRunAlive: () => true })).rejects.toThrow(/being built by another run \(elsewhere:1\)/);
    const result = await run({ isRunAlive: () => false });
    expect(result).toMatchObject({ recovered: [`v${dead.version}`], version: 'v3', parent: 'v1' });
    expect((await registry.getVersion('docs', 2))?.status).toBe('failed');
    expect(store.segments.has('ragship-docs-v2-delta')).toBe(false);
  });
});
