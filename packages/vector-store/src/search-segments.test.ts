import { describe, expect, it } from 'vitest';
import { chunkDigest, combineDigests } from './chunk-digest.js';
import { searchSegments } from './search-segments.js';
import { createInMemoryVectorStore } from './testing/in-memory-vector-store.js';
import { testChunk } from './testing/test-chunk.js';

describe('searchSegments', () => {
  it('when a segment has tombstones, then dead chunks are skipped and live ones from every segment merge by score', async () => {
    const store = createInMemoryVectorStore();
    await store.createSegment('base', { dimensions: 2 });
    await store.createSegment('delta', { dimensions: 2 });
    await store.addChunks('base', [testChunk('a', 'old a', [1, 0]), testChunk('b', 'b', [0.8, 0.6])]);
    await store.addChunks('delta', [testChunk('a', 'new a', [0.6, 0.8])]);
    const found = await searchSegments(
      store,
      [
        { name: 'base', chunks: 2, tombstones: ['a'] },
        { name: 'delta', chunks: 1, tombstones: [] },
      ],
      [1, 0],
      2,
    );
    expect(found.map((chunk) => [chunk.id, chunk.text])).toEqual([
      ['b', 'b'],
      ['a', 'new a'],
    ]);
  });
});

describe('digests', () => {
  it('when chunks are added and removed, then the combined digest equals the digest of what is left, in any order', () => {
    const [a, b, c] = [testChunk('a', 'a', [1, 0]), testChunk('b', 'b', [0, 1]), testChunk('c', 'c', [0.6, 0.8])];
    const all = chunkDigest([a, b, c]);
    expect(chunkDigest([c, a, b])).toBe(all);
    expect(combineDigests([all], [chunkDigest([b])])).toBe(chunkDigest([a, c]));
    expect(combineDigests([chunkDigest([a]), chunkDigest([b, c])])).toBe(all);
  });
});
