import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import type { EmbeddedChunk } from '@ragship/core';
import { createChromaVectorStore } from './chroma-vector-store.js';
import { segmentDigests } from './chunk-digest.js';
import { copySegment } from './copy-segment.js';
import { testChunk } from './testing/test-chunk.js';
import type { VectorStore } from './vector-store.js';

const DIMENSIONS = 8;
let source: TestChroma;
let target: TestChroma;
let from: VectorStore;
let to: VectorStore;

beforeAll(async () => {
  [source, target] = await Promise.all([startTestChroma(), startTestChroma()]);
  from = createChromaVectorStore({ url: source.url });
  to = createChromaVectorStore({ url: target.url });
});
afterAll(() => Promise.all([source?.stop(), target?.stop()]));

/** `count` chunks with distinct texts, metadata and unit vectors, deterministic. */
function chunks(count: number): EmbeddedChunk[] {
  return Array.from({ length: count }, (_, index) => {
    const raw = Array.from({ length: DIMENSIONS }, (__, axis) => Math.sin(index * 7 + axis * 13) + 1.5);
    const norm = Math.hypot(...raw);
    return testChunk(
      `doc-${index % 17}.md#${index}`,
      `Chunk ${index}: text about topic ${index % 5}.`,
      raw.map((value) => value / norm),
      {
        docId: `doc-${index % 17}.md`,
        chunkIndex: index,
        headingPath: `Part ${index % 3}`,
        tokens: 5 + (index % 9),
      },
    );
  });
}

async function readAll(store: VectorStore, segment: string): Promise<EmbeddedChunk[]> {
  const all: EmbeddedChunk[] = [];
  for await (const page of store.readChunks(segment, { pageSize: 64 })) all.push(...page);
  return all.sort((a, b) => a.id.localeCompare(b.id));
}

async function seed(segment: string, count: number): Promise<EmbeddedChunk[]> {
  const written = chunks(count);
  await from.createSegment(segment, { dimensions: DIMENSIONS });
  await from.addChunks(segment, written);
  return written;
}

describe('copySegment between two Chroma servers', () => {
  it('when a segment is copied in pages, then the other server holds the same ids, texts, metadata and vectors, and the digests agree', async () => {
    await seed('ragship-copy-v1-base', 300);
    const pages: number[] = [];
    const result = await copySegment({
      from,
      segment: 'ragship-copy-v1-base',
      to,
      create: { dimensions: DIMENSIONS },
      pageSize: 50,
      onCopied: (copied) => pages.push(copied),
    });
    expect(result.copied).toBe(300);
    expect(pages.length).toBeGreaterThanOrEqual(6);
    expect(await readAll(to, 'ragship-copy-v1-base')).toEqual(await readAll(from, 'ragship-copy-v1-base'));
    const [inSource, inTarget] = await Promise.all([
      segmentDigests(from, 'ragship-copy-v1-base'),
      segmentDigests(to, 'ragship-copy-v1-base'),
    ]);
    expect(result.digest).toBe(inSource.all.digest);
    expect(inTarget.all).toEqual(inSource.all);
  });

  it('when a copy was cut off after its first page, then running it again completes it without duplicates', async () => {
    await seed('ragship-copy-v2-base', 250);
    const abort = new AbortController();
    await expect(
      copySegment({
        from,
        segment: 'ragship-copy-v2-base',
        to,
        create: { dimensions: DIMENSIONS },
        pageSize: 40,
        signal: abort.signal,
        onCopied: () => abort.abort(),
      }),
    ).rejects.toThrow();
    const partial = await to.countChunks('ragship-copy-v2-base');
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(250);

    const resumed = await copySegment({
      from,
      segment: 'ragship-copy-v2-base',
      to,
      create: { dimensions: DIMENSIONS },
      pageSize: 40,
    });
    expect(resumed.copied).toBe(250);
    expect(await to.countChunks('ragship-copy-v2-base')).toBe(250);
    expect((await segmentDigests(to, 'ragship-copy-v2-base')).all.digest).toBe(resumed.digest);
    expect(await readAll(to, 'ragship-copy-v2-base')).toEqual(await readAll(from, 'ragship-copy-v2-base'));
  });

  it('when ids are excluded, then they are not copied and the digest covers only what was', async () => {
    const written = await seed('ragship-copy-v3-delta', 60);
    const exclude = new Set(written.slice(0, 10).map((chunk) => chunk.id));
    const result = await copySegment({
      from,
      segment: 'ragship-copy-v3-delta',
      to,
      target: 'ragship-copy-v4-base',
      create: { dimensions: DIMENSIONS },
      exclude,
    });
    expect(result.copied).toBe(50);
    const copied = await readAll(to, 'ragship-copy-v4-base');
    expect(copied.some((chunk) => exclude.has(chunk.id))).toBe(false);
    expect(result.digest).toBe((await segmentDigests(from, 'ragship-copy-v3-delta', exclude)).live.digest);
  });
});
