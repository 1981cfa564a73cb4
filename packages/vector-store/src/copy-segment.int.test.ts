import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import type { EmbeddedChunk } from '@ragship/core';
import { createChromaVectorStore } from './chroma-vector-store.js';
import { chunkDigest, segmentDigests } from './chunk-digest.js';
import { copySegment } from './copy-segment.js';
import { testChunk } from './testing/test-chunk.js';
import type { VectorStore } from './vector-store.js';

const DIMENSIONS = 384;
const CHUNKS = 300;
const PAGE_SIZE = 50;
const create = { dimensions: DIMENSIONS, metadata: { kb: 'docs', version: 1, embedder: 'local-384' } };

let sourceChroma: TestChroma;
let targetChroma: TestChroma;
let source: VectorStore;
let target: VectorStore;
let chunks: EmbeddedChunk[];

beforeAll(async () => {
  [sourceChroma, targetChroma] = await Promise.all([startTestChroma(), startTestChroma()]);
  source = createChromaVectorStore({ url: sourceChroma.url, batchSize: 100 });
  target = createChromaVectorStore({ url: targetChroma.url, batchSize: 100 });
  chunks = Array.from({ length: CHUNKS }, (_, index) => chunk(index));
  // Shuffled so the ids are not stored in sorted order.
  await source.createSegment('ragship-docs-v1-base', create);
  await source.addChunks('ragship-docs-v1-base', shuffled(chunks, 7));
});
afterAll(async () => {
  await Promise.all([sourceChroma?.stop(), targetChroma?.stop()]);
});

/** A deterministic pseudo-random generator (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A unit vector of float32 values, as an embedder's output stored by Chroma. */
function unitVector(seed: number): number[] {
  const next = random(seed);
  const vector = Array.from({ length: DIMENSIONS }, () => next() * 2 - 1);
  const norm = Math.hypot(...vector);
  return vector.map((value) => Math.fround(value / norm));
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = random(seed);
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(next() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

function chunk(index: number): EmbeddedChunk {
  const doc = Math.floor(index / 10);
  const chunkIndex = index % 10;
  const text = `Section ${chunkIndex} of guide ${doc}: how to configure the ingestion pipeline, step ${index}.`;
  return testChunk(`guides/guide-${doc}.md:${chunkIndex}`, text, unitVector(index + 1), {
    docId: `guides/guide-${doc}.md`,
    title: `Guide ${doc}`,
    chunkIndex,
    headingPath: chunkIndex === 0 ? '' : `Guide ${doc} > Section ${chunkIndex}`,
    tokens: Math.ceil(text.length / 4),
    textHash: `${index.toString(16).padStart(8, '0')}`.repeat(8),
    contentHash: `${doc.toString(16).padStart(8, '0')}`.repeat(8),
    modifiedAt: new Date(Date.UTC(2026, 0, 1 + doc)).toISOString(),
    flags: index % 17 === 0 ? 'pii' : '',
    'meta.team': doc % 2 === 0 ? 'platform' : 'search',
  });
}

async function readSorted(store: VectorStore, segment: string): Promise<EmbeddedChunk[]> {
  const all: EmbeddedChunk[] = [];
  for await (const page of store.readChunks(segment, { pageSize: 128 })) all.push(...page);
  return all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `items` sorted by id, with every vector as stores hand it back: its exact float32 values. */
function asStored(items: readonly EmbeddedChunk[]): EmbeddedChunk[] {
  return [...items]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((item) => ({ ...item, embedding: Array.from(Float32Array.from(item.embedding)) }));
}

describe('copySegment between two Chroma servers', () => {
  it('when a segment is copied to another server in several pages, then the target holds the same chunks bit for bit and the digest matches both', async () => {
    const progress: number[] = [];

    const result = await copySegment({
      from: source,
      segment: 'ragship-docs-v1-base',
      to: target,
      create,
      pageSize: PAGE_SIZE,
      onCopied: (copied) => progress.push(copied),
    });

    expect(result.copied).toBe(CHUNKS);
    expect(progress).toEqual([50, 100, 150, 200, 250, 300]);
    const fromSource = await readSorted(source, 'ragship-docs-v1-base');
    const fromTarget = await readSorted(target, 'ragship-docs-v1-base');
    expect(fromTarget).toHaveLength(CHUNKS);
    expect(fromTarget).toEqual(fromSource);
    // What Chroma hands back is what was written: texts, metadata and float32 vectors unchanged.
    expect(fromSource).toEqual(asStored(chunks));
    const [sourceDigests, targetDigests] = await Promise.all([
      segmentDigests(source, 'ragship-docs-v1-base'),
      segmentDigests(target, 'ragship-docs-v1-base'),
    ]);
    expect(result.digest).toBe(sourceDigests.all.digest);
    expect(result.digest).toBe(targetDigests.all.digest);
    expect(result.digest).toBe(chunkDigest(chunks));
    expect(targetDigests.all.chunks).toBe(CHUNKS);
  });

  it('when a copy aborted after its first page is run again into the existing target, then the target ends identical to the source without duplicates', async () => {
    const controller = new AbortController();
    const aborted = copySegment({
      from: source,
      segment: 'ragship-docs-v1-base',
      to: target,
      target: 'ragship-docs-v1-resumed',
      create,
      pageSize: PAGE_SIZE,
      signal: controller.signal,
      onCopied: () => controller.abort(),
    });

    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    // The abort stops the copy sending pages; the ones already sent (two are written at once) land.
    const landed = await target.countChunks('ragship-docs-v1-resumed');
    expect(landed).toBeGreaterThanOrEqual(PAGE_SIZE);
    expect(landed).toBeLessThanOrEqual(2 * PAGE_SIZE);

    const resumed = await copySegment({
      from: source,
      segment: 'ragship-docs-v1-base',
      to: target,
      target: 'ragship-docs-v1-resumed',
      create,
      pageSize: PAGE_SIZE,
    });

    // Every chunk is sent again; the target ignores the ids it already holds.
    expect(resumed.copied).toBe(CHUNKS);
    expect(await target.countChunks('ragship-docs-v1-resumed')).toBe(CHUNKS);
    expect(await readSorted(target, 'ragship-docs-v1-resumed')).toEqual(
      await readSorted(source, 'ragship-docs-v1-base'),
    );
    const targetDigests = await segmentDigests(target, 'ragship-docs-v1-resumed');
    expect(resumed.digest).toBe((await segmentDigests(source, 'ragship-docs-v1-base')).all.digest);
    expect(targetDigests.all).toEqual({ digest: resumed.digest, chunks: CHUNKS });
  });

  it('when the target already holds a subset of the chunks, then copying again adds only the missing ones and the digests match', async () => {
    const head = chunks.filter((_, index) => index % 3 === 0);
    await target.createSegment('ragship-docs-v1-prefilled', create);
    await target.addChunks('ragship-docs-v1-prefilled', head);
    expect(await target.countChunks('ragship-docs-v1-prefilled')).toBe(head.length);

    const result = await copySegment({
      from: source,
      segment: 'ragship-docs-v1-base',
      to: target,
      target: 'ragship-docs-v1-prefilled',
      create,
      pageSize: PAGE_SIZE,
    });

    expect(result.copied).toBe(CHUNKS);
    expect(await target.countChunks('ragship-docs-v1-prefilled')).toBe(CHUNKS);
    expect(await readSorted(target, 'ragship-docs-v1-prefilled')).toEqual(asStored(chunks));
    expect((await segmentDigests(target, 'ragship-docs-v1-prefilled')).all.digest).toBe(result.digest);
  });

  it('when a copy reads its pages back, then it reports the digests a full read of the target gives, and a chunk the target held differently or in excess shows', async () => {
    const tombstones = new Set(chunks.slice(0, 25).map((item) => item.id));
    const copyInto = (name: string) =>
      copySegment({
        from: source,
        segment: 'ragship-docs-v1-base',
        to: target,
        target: name,
        create,
        pageSize: PAGE_SIZE,
        readBack: { tombstones },
      });

    const clean = await copyInto('ragship-docs-v1-readback');
    expect(clean.stored).toEqual(await segmentDigests(target, 'ragship-docs-v1-readback', tombstones));
    expect(clean.stored?.all).toEqual({ digest: clean.digest, chunks: CHUNKS });
    expect(clean.stored?.live.chunks).toBe(CHUNKS - 25);

    // A target that already held one id with other text keeps it (ids are never overwritten): the digest shows it.
    await target.createSegment('ragship-docs-v1-tampered', create);
    await target.addChunks('ragship-docs-v1-tampered', [{ ...chunks[40]!, text: 'tampered' }]);
    const tampered = await copyInto('ragship-docs-v1-tampered');
    expect(tampered.stored?.all).toEqual({ digest: expect.not.stringMatching(clean.digest), chunks: CHUNKS });

    // A stray chunk the source lacks is not read back, but the target's count shows it.
    await target.createSegment('ragship-docs-v1-stray', create);
    await target.addChunks('ragship-docs-v1-stray', [chunk(CHUNKS + 1)]);
    const stray = await copyInto('ragship-docs-v1-stray');
    expect(stray.stored?.all).toEqual({ digest: clean.digest, chunks: CHUNKS + 1 });
  });

  it('when ids are excluded, then they are not copied and the digest covers only the copied chunks', async () => {
    const tombstones = new Set(chunks.filter((_, index) => index % 7 === 0).map((item) => item.id));
    // The whole second page as the source hands it out, so one page has nothing left to write.
    const pages: EmbeddedChunk[][] = [];
    for await (const page of source.readChunks('ragship-docs-v1-base', { pageSize: PAGE_SIZE })) pages.push(page);
    for (const item of pages[1]!) tombstones.add(item.id);
    const kept = chunks.filter((item) => !tombstones.has(item.id));
    const expectedProgress: number[] = [];
    let running = 0;
    for (const [index, page] of pages.entries()) {
      running += page.filter((item) => !tombstones.has(item.id)).length;
      if (index !== 1) expectedProgress.push(running);
    }
    const progress: number[] = [];

    const result = await copySegment({
      from: source,
      segment: 'ragship-docs-v1-base',
      to: target,
      target: 'ragship-docs-v2-base',
      create: { ...create, metadata: { ...create.metadata, version: 2 } },
      exclude: tombstones,
      pageSize: PAGE_SIZE,
      onCopied: (copied) => progress.push(copied),
    });

    expect(result.copied).toBe(kept.length);
    // The fully excluded page writes nothing and reports no progress.
    expect(progress).toEqual(expectedProgress);
    expect(progress).toHaveLength(CHUNKS / PAGE_SIZE - 1);
    const fromTarget = await readSorted(target, 'ragship-docs-v2-base');
    expect(fromTarget).toEqual(asStored(kept));
    expect(fromTarget.some((item) => tombstones.has(item.id))).toBe(false);
    const sourceDigests = await segmentDigests(source, 'ragship-docs-v1-base', tombstones);
    expect(result.digest).toBe(sourceDigests.live.digest);
    expect(result.digest).not.toBe(sourceDigests.all.digest);
    expect((await segmentDigests(target, 'ragship-docs-v2-base')).all).toEqual({
      digest: result.digest,
      chunks: kept.length,
    });
  });
});
