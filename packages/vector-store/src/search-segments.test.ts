import { describe, expect, it } from 'vitest';
import { chunkDigest, combineDigests } from './chunk-digest.js';
import { getLiveChunks, searchSegments } from './search-segments.js';
import { createInMemoryVectorStore } from './testing/in-memory-vector-store.js';
import { testChunk } from './testing/test-chunk.js';

describe('searchSegments', () => {
  const segments = [
    { name: 'base', chunks: 2, tombstones: ['a'] },
    { name: 'delta', chunks: 1, tombstones: [] },
  ];
  const twoSegments = async () => {
    const store = createInMemoryVectorStore();
    await store.createSegment('base', { dimensions: 2 });
    await store.createSegment('delta', { dimensions: 2 });
    await store.addChunks('base', [testChunk('a', 'old a', [1, 0]), testChunk('b', 'b', [0.8, 0.6])]);
    await store.addChunks('delta', [testChunk('a', 'new a', [0.6, 0.8])]);
    return store;
  };

  it('when a segment has tombstones, then dead chunks are skipped and live ones from every segment merge by score', async () => {
    const store = await twoSegments();
    const found = await searchSegments(store, segments, [1, 0], 2);
    expect(found.map((hit) => [hit.id, hit.segment])).toEqual([
      ['b', 'base'],
      ['a', 'delta'],
    ]);
    expect(found[0]!.score).toBeCloseTo(0.8, 6);
  });

  it('when chunks are read by id, then each comes from the segment holding it live, and only segments with something to read are asked', async () => {
    const store = await twoSegments();
    const asked: string[] = [];
    const getChunks = store.getChunks.bind(store);
    store.getChunks = (segment, ids) => (asked.push(segment), getChunks(segment, ids));
    const texts = async (ids: string[], known?: Map<string, string>) =>
      (await getLiveChunks(store, segments, ids, known)).map((chunk) => chunk.text).sort();

    expect(await texts(['a', 'b', 'missing'])).toEqual(['b', 'new a']);
    expect(asked.sort()).toEqual(['base', 'delta']);
    asked.length = 0;
    expect(await texts(['b'], new Map([['b', 'base']]))).toEqual(['b']);
    expect(asked).toEqual(['base']);
    expect(await getLiveChunks(store, segments, [])).toEqual([]);
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
