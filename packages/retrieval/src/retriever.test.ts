import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRIEVAL, type EmbeddedChunk, type RetrievalSettings } from '@ragship/core';
import { createLocalEmbedder, embedMany, type Embedder } from '@ragship/embeddings';
import { LexicalIndex, lexicalEntry } from '@ragship/lexical-index';
import { createInMemoryVectorStore, testChunk } from '@ragship/vector-store/testing';
import { denseWeight, retrieve, type SearchTarget } from './retriever.js';

const TEXTS: Record<string, string> = {
  rollback: 'Run ragship rollback to move the alias back to the previous version.',
  gates: 'Promotion gates compare eval metrics before the alias moves.',
  ingest: 'Ingestion loads documents, validates them and embeds the chunks.',
  zeta: 'The zeta-7 codename appears in this one chunk only.',
};

async function embedded(embedder: Embedder, texts: Record<string, string>): Promise<EmbeddedChunk[]> {
  const vectors = await embedMany(embedder, Object.values(texts));
  return Object.entries(texts).map(([id, text], index) => testChunk(id, text, vectors[index] ?? []));
}

/** A version in the in-memory store with its lexical index; `dense` picks the chunks the vector side holds. */
async function target(options: { dense?: string[]; embedder?: Embedder } = {}): Promise<SearchTarget> {
  const embedder = options.embedder ?? createLocalEmbedder();
  const store = createInMemoryVectorStore();
  const chunks = await embedded(embedder, TEXTS);
  await store.createSegment('base', { dimensions: embedder.dimensions });
  await store.addChunks('base', chunks);
  const lexical = LexicalIndex.create();
  lexical.add(chunks.map(lexicalEntry));
  return { store, embedder, segments: [{ name: 'base', chunks: chunks.length, tombstones: [] }], lexical };
}

const lexicalOnly: RetrievalSettings = {
  ...DEFAULT_RETRIEVAL,
  fusion: { ...DEFAULT_RETRIEVAL.fusion, denseWeight: 0 },
};

describe('hybrid retrieve', () => {
  it('when both lists rank chunks, then they are fused by reciprocal rank with the evidence of each', async () => {
    const { chunks, belowFloor } = await retrieve(await target(), 'roll back the alias', 2);
    expect(belowFloor).toBe(false);
    expect(chunks[0]).toMatchObject({ id: 'rollback', text: TEXTS.rollback, metadata: { docId: 'rollback.md' } });
    expect(chunks[0]?.signals.similarity).toBeGreaterThan(0);
    expect(chunks[0]?.signals.bm25).toBeGreaterThan(0);
    expect(chunks[0]?.score).toBeCloseTo(1, 5);
    expect(chunks[1]?.score).toBeLessThan(1);
  });

  it('when the search keeps k of its candidates, then only those k are read from the store, in one request', async () => {
    const searched = await target();
    const reads: string[][] = [];
    const getChunks = searched.store.getChunks.bind(searched.store);
    searched.store.getChunks = (segment, ids) => (reads.push([...ids]), getChunks(segment, ids));
    const { chunks } = await retrieve(searched, 'roll back the alias', 2);
    expect(chunks).toHaveLength(2);
    expect(reads).toEqual([chunks.map((chunk) => chunk.id)]);
  });

  it('when the dense list has no weight, then chunks only BM25 found are read from the store with their text', async () => {
    const { chunks } = await retrieve(await target(), 'zeta-7 codename', 1, lexicalOnly);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ id: 'zeta', text: TEXTS.zeta, metadata: { title: 'zeta.md' } });
    expect(chunks[0]?.signals.coverage).toBeCloseTo(1, 5);
  });

  it('when no chunk covers enough of the question, then the ranking comes back flagged below the floor', async () => {
    const result = await retrieve(await target(), 'chocolate cookie recipe alias', 3);
    expect(result.belowFloor).toBe(true);
    expect(result.chunks.length).toBeGreaterThan(0);
    const strict = { ...DEFAULT_RETRIEVAL, relevanceFloor: { coverage: 0.3, similarity: -1 } };
    expect((await retrieve(await target(), 'chocolate cookie recipe alias', 3, strict)).belowFloor).toBe(false);
  });

  it('when a chunk is tombstoned in the base and live in a delta, then the live copy is the one returned', async () => {
    const base = await target();
    const embedder = base.embedder;
    const [changed] = await embedded(embedder, { zeta: 'The zeta-7 codename was renamed in the delta.' });
    await base.store.createSegment('delta', { dimensions: embedder.dimensions });
    await base.store.addChunks('delta', [changed!]);
    base.lexical?.add([{ id: 'zeta', title: 'zeta.md', text: changed!.text }]);
    const version: SearchTarget = {
      ...base,
      segments: [
        { name: 'base', chunks: 4, tombstones: ['zeta'] },
        { name: 'delta', chunks: 1, tombstones: [] },
      ],
    };
    const { chunks } = await retrieve(version, 'zeta-7 codename renamed', 4, lexicalOnly);
    expect(chunks.filter((chunk) => chunk.id === 'zeta').map((chunk) => chunk.text)).toEqual([changed!.text]);
  });

  it('when the version has no lexical index, then retrieval is dense only and never below the floor', async () => {
    const dense = { ...(await target()), lexical: null };
    const result = await retrieve(dense, 'chocolate cookie recipe alias', 2);
    expect(result.belowFloor).toBe(false);
    expect(result.chunks.every((chunk) => chunk.signals.bm25 === null)).toBe(true);
  });

  it('when a metadata filter is given, then both searches keep only matching chunks', async () => {
    const { chunks } = await retrieve(await target(), 'alias version rollback gates', 4, DEFAULT_RETRIEVAL, {
      docId: 'gates.md',
    });
    expect(chunks.map((chunk) => chunk.id)).toEqual(['gates']);
    expect(chunks[0]?.signals.bm25).toBeGreaterThan(0);
    expect(chunks[0]?.signals.similarity).not.toBeNull();
  });

  it('when the dense weight is auto, then the lexical local embedder gets 0.1 and a model embedder 1', () => {
    expect(denseWeight(DEFAULT_RETRIEVAL, createLocalEmbedder())).toBe(0.1);
    expect(denseWeight(DEFAULT_RETRIEVAL, { ...createLocalEmbedder(), id: 'openai:text-embedding-3-small' })).toBe(1);
    expect(
      denseWeight(
        { ...DEFAULT_RETRIEVAL, fusion: { ...DEFAULT_RETRIEVAL.fusion, denseWeight: 0.5 } },
        createLocalEmbedder(),
      ),
    ).toBe(0.5);
  });
});
