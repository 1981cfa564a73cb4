import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import type { EmbeddedChunk } from '@ragship/core';
import { createChromaVectorStore } from './chroma-vector-store.js';
import { chunkDigest, segmentDigest } from './chunk-digest.js';
import { testChunk } from './testing/test-chunk.js';
import type { VectorStore } from './vector-store.js';

let chroma: TestChroma;
beforeAll(async () => {
  chroma = await startTestChroma();
});
afterAll(() => chroma?.stop());

function unit(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

function chunk(index: number, embedding: number[]): EmbeddedChunk {
  return testChunk(`chunk-${index}`, `text number ${index}`, embedding, {
    docId: `doc-${index % 3}.md`,
    chunkIndex: index,
  });
}

async function readAll(store: VectorStore, segment: string): Promise<EmbeddedChunk[]> {
  const chunks: EmbeddedChunk[] = [];
  for await (const page of store.readChunks(segment, { pageSize: 3 })) chunks.push(...page);
  return chunks;
}

describe('Chroma vector store (real server)', () => {
  it('when chunks are added in several batches, then all are counted, searchable by cosine and read back bit-identically', async () => {
    const store = createChromaVectorStore({ url: chroma.url, batchSize: 4 });
    const chunks = Array.from({ length: 10 }, (_, index) =>
      chunk(index, unit([Math.cos(index / 3), Math.sin(index / 3), 0.1 * index])),
    );
    await store.createSegment('ragship-test-v1-base', { dimensions: 3, metadata: { kb: 'test' } });
    await store.addChunks('ragship-test-v1-base', chunks);

    expect(await store.countChunks('ragship-test-v1-base')).toBe(10);
    const [best] = await store.query('ragship-test-v1-base', chunks[4]!.embedding, 3);
    expect(best).toMatchObject({
      id: 'chunk-4',
      text: 'text number 4',
      metadata: { docId: 'doc-1.md', chunkIndex: 4 },
    });
    expect(best!.score).toBeCloseTo(1, 5);

    const readBack = await readAll(store, 'ragship-test-v1-base');
    expect(readBack).toHaveLength(10);
    for (const original of chunks) {
      const stored = readBack.find((item) => item.id === original.id)!;
      expect({ ...stored, embedding: [] }).toEqual({ ...original, embedding: [] });
    }
    expect(chunkDigest(readBack)).toBe(chunkDigest(chunks));

    const fetched = await store.getChunks('ragship-test-v1-base', ['chunk-7', 'missing', 'chunk-2']);
    expect(fetched.map((item) => item.id).sort()).toEqual(['chunk-2', 'chunk-7']);
    const seven = chunks[7]!;
    expect(fetched.find((item) => item.id === 'chunk-7')).toEqual({
      id: seven.id,
      text: seven.text,
      metadata: seven.metadata,
    });
    expect(await store.getChunks('ragship-test-v1-base', [])).toEqual([]);

    // Chroma's where: equality, $in for a list, $and over keys.
    const near = chunks[4]!.embedding;
    const inDoc1 = await store.query('ragship-test-v1-base', near, 10, { docId: 'doc-1.md' });
    expect(inDoc1.map((item) => item.id).sort()).toEqual(['chunk-1', 'chunk-4', 'chunk-7']);
    const either = await store.query('ragship-test-v1-base', near, 10, {
      docId: ['doc-0.md', 'doc-2.md'],
      format: 'markdown',
    });
    expect(either).toHaveLength(7);
    expect(either.every((item) => item.metadata.docId !== 'doc-1.md')).toBe(true);
    expect(await store.query('ragship-test-v1-base', near, 10, { format: 'pdf' })).toEqual([]);
  });

  it('when a segment is copied into another through the store, then both digests are equal', async () => {
    const store = createChromaVectorStore({ url: chroma.url });
    const copied = await readAll(store, 'ragship-test-v1-base');
    await store.createSegment('ragship-test-copy-base', { dimensions: 3 });
    await store.addChunks('ragship-test-copy-base', copied);
    const original = await segmentDigest(store, 'ragship-test-v1-base');
    expect(await segmentDigest(store, 'ragship-test-copy-base')).toEqual(original);
    expect(original).toEqual({ digest: chunkDigest(copied), chunks: 10 });
  });

  it('when a segment is deleted, then it no longer exists and deleting again is harmless', async () => {
    const store = createChromaVectorStore({ url: chroma.url });
    await store.createSegment('ragship-test-v2-base', { dimensions: 3 });
    expect(await store.hasSegment('ragship-test-v2-base')).toBe(true);
    await store.deleteSegment('ragship-test-v2-base');
    expect(await store.hasSegment('ragship-test-v2-base')).toBe(false);
    await expect(store.deleteSegment('ragship-test-v2-base')).resolves.toBeUndefined();
  });

  it('when the server is unreachable, then calls fail with STORE_UNAVAILABLE naming the URL', async () => {
    const store = createChromaVectorStore({ url: 'http://127.0.0.1:9' });
    await expect(store.ping()).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringContaining('127.0.0.1:9'),
    });
  });
});
