import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EmbeddedChunk, MetadataFilter } from '@ragship/core';
import { chunkDigest, segmentDigest } from '../chunk-digest.js';
import type { VectorStore } from '../vector-store.js';
import { testChunk } from './test-chunk.js';

/** How the contract reaches a store: a store on a running backend, and one on an address nothing answers. */
export interface VectorStoreFixture {
  /** A store on the backend under test; segments the suite creates have random names. */
  store: () => VectorStore;
  /** A store of the same kind whose backend is unreachable, for the outage case; omitted for in-process stores. */
  unreachable?: () => VectorStore;
}

function unit(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

function chunk(index: number): EmbeddedChunk {
  return testChunk(
    `chunk-${index}`,
    `text number ${index}`,
    unit([Math.cos(index / 3), Math.sin(index / 3), 0.1 * index + 0.01]),
    { docId: `doc-${index % 3}.md`, chunkIndex: index },
  );
}

async function readAll(store: VectorStore, segment: string): Promise<EmbeddedChunk[]> {
  const chunks: EmbeddedChunk[] = [];
  for await (const page of store.readChunks(segment, { pageSize: 3 })) chunks.push(...page);
  return chunks;
}

/** A fresh segment name, so the suite can share a server with other runs. */
const segmentName = (label: string) => `ragship-contract${randomBytes(3).toString('hex')}-v1-${label}`;

/**
 * What every {@link VectorStore} adapter owes, run against each one (the in-memory store, a real
 * Chroma server, Pinecone's API): a new store passes this suite and is then usable by ingest,
 * serving and promotion.
 */
export function vectorStoreContract(name: string, fixture: () => VectorStoreFixture): void {
  describe(`${name} vector store contract`, () => {
    it('when chunks are added in batches, then all are counted, searchable by cosine and read back exactly', async () => {
      const store = fixture().store();
      const segment = segmentName('base');
      const chunks = Array.from({ length: 10 }, (_, index) => chunk(index));
      await store.createSegment(segment, { dimensions: 3, metadata: { kb: 'contract' } });
      await store.createSegment(segment, { dimensions: 3 });
      expect(await store.hasSegment(segment)).toBe(true);
      const progress: number[] = [];
      await store.addChunks(segment, chunks.slice(0, 6), { onProgress: (added) => progress.push(added) });
      await store.addChunks(segment, chunks.slice(4));
      expect(progress.at(-1)).toBe(6);

      expect(await store.countChunks(segment)).toBe(10);
      const nearest = await store.nearest(segment, chunks[4]!.embedding, 3);
      expect(nearest).toHaveLength(3);
      const [best, second] = nearest;
      // Ids and scores only: a search reads the text of what it keeps with getChunks.
      expect(Object.keys(best!).sort()).toEqual(['id', 'score']);
      expect(best!.id).toBe('chunk-4');
      expect(best!.score).toBeCloseTo(1, 4);
      expect(second!.score).toBeLessThan(best!.score);

      const readBack = await readAll(store, segment);
      expect(readBack).toHaveLength(10);
      for (const original of chunks) {
        const stored = readBack.find((item) => item.id === original.id)!;
        expect({ ...stored, embedding: [] }).toEqual({ ...original, embedding: [] });
      }
      expect(chunkDigest(readBack)).toBe(chunkDigest(chunks));
      expect(await segmentDigest(store, segment)).toEqual({ digest: chunkDigest(chunks), chunks: 10 });

      const fetched = await store.getChunks(segment, ['chunk-7', 'missing', 'chunk-2']);
      expect(fetched.map((item) => item.id).sort()).toEqual(['chunk-2', 'chunk-7']);
      expect(fetched.find((item) => item.id === 'chunk-7')).toEqual({
        id: 'chunk-7',
        text: 'text number 7',
        metadata: chunks[7]!.metadata,
      });
      expect(await store.getChunks(segment, [])).toEqual([]);

      // By id with vectors, exactly as written: what a copy reads back to verify itself.
      const embedded = await store.getEmbeddedChunks(segment, ['chunk-7', 'missing']);
      expect(embedded).toEqual([readBack.find((item) => item.id === 'chunk-7')]);
      expect(
        chunkDigest(
          await store.getEmbeddedChunks(
            segment,
            chunks.map((item) => item.id),
          ),
        ),
      ).toBe(chunkDigest(chunks));
      expect(await store.getEmbeddedChunks(segment, [])).toEqual([]);
      await store.deleteSegment(segment);
    });

    it('when a search has a filter, then only chunks whose metadata matches come back', async () => {
      const store = fixture().store();
      const segment = segmentName('filter');
      const chunks = Array.from({ length: 10 }, (_, index) => chunk(index));
      await store.createSegment(segment, { dimensions: 3 });
      await store.addChunks(segment, chunks);
      const near = chunks[4]!.embedding;
      const ids = async (where: MetadataFilter) =>
        (await store.nearest(segment, near, 10, where)).map((item) => item.id).sort();
      expect(await ids({ docId: 'doc-1.md' })).toEqual(['chunk-1', 'chunk-4', 'chunk-7']);
      const notInDoc1 = chunks.filter((item) => item.metadata.docId !== 'doc-1.md').map((item) => item.id);
      expect(await ids({ docId: ['doc-0.md', 'doc-2.md'], format: 'markdown' })).toEqual(notInDoc1.sort());
      expect(await ids({ format: 'pdf' })).toEqual([]);
      await store.deleteSegment(segment);
    });

    it('when segments are separate, then each holds only its own chunks', async () => {
      const store = fixture().store();
      const [first, second] = [segmentName('a'), segmentName('b')];
      await store.createSegment(first, { dimensions: 3 });
      await store.createSegment(second, { dimensions: 3 });
      await store.addChunks(first, [chunk(1), chunk(2)]);
      await store.addChunks(second, [chunk(3)]);
      expect(await store.countChunks(first)).toBe(2);
      expect((await store.nearest(second, chunk(1).embedding, 5)).map((item) => item.id)).toEqual(['chunk-3']);
      await Promise.all([store.deleteSegment(first), store.deleteSegment(second)]);
    });

    it('when a segment is deleted, then it no longer exists and deleting again is harmless', async () => {
      const store = fixture().store();
      const segment = segmentName('gone');
      await store.createSegment(segment, { dimensions: 3 });
      await store.addChunks(segment, [chunk(1)]);
      expect(await store.hasSegment(segment)).toBe(true);
      await store.deleteSegment(segment);
      expect(await store.hasSegment(segment)).toBe(false);
      await expect(store.deleteSegment(segment)).resolves.toBeUndefined();
    });

    it('when the backend is unreachable, then calls fail with STORE_UNAVAILABLE naming where it is', async (context) => {
      const unreachable = fixture().unreachable;
      if (!unreachable) return context.skip(); // reason: an in-process store has no backend to lose
      const store = unreachable();
      await expect(store.ping()).rejects.toMatchObject({
        code: 'STORE_UNAVAILABLE',
        message: expect.stringContaining(store.location),
      });
    });
  });
}
