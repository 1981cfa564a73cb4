import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@ragship/core';
import { createVectorStore } from './create-vector-store.js';
import { createPineconeVectorStore, type PineconeVectorStoreOptions } from './pinecone-vector-store.js';
import { startPineconeDouble, type PineconeDouble } from './testing/pinecone-double.js';
import { testChunk } from './testing/test-chunk.js';
import { vectorStoreContract } from './testing/vector-store-contract.js';

// Pinecone is a hosted service: these tests run the real Pinecone client and adapter against a
// local double of the Pinecone REST API (control and data plane), written from Pinecone's public
// API reference. pinecone-live.int.test.ts runs the same contract against Pinecone itself.
let double: PineconeDouble;
let lagging: PineconeDouble;
beforeAll(async () => {
  [double, lagging] = await Promise.all([startPineconeDouble(), startPineconeDouble({ visibilityDelayMs: 150 })]);
});
afterAll(() => Promise.all([double?.stop(), lagging?.stop()]));

const storeOn = (server: PineconeDouble, options: Partial<PineconeVectorStoreOptions> = {}) =>
  createPineconeVectorStore({
    apiKey: server.apiKey,
    index: 'ragship-contract',
    controllerUrl: server.controllerUrl,
    pollIntervalMs: 20,
    retry: { baseDelayMs: 5 },
    ...options,
  });

// batchSize 4: the suite's 10-chunk adds take several upserts.
vectorStoreContract('Pinecone (local double)', () => ({
  store: () => storeOn(double, { batchSize: 4 }),
  unreachable: () =>
    storeOn(double, { controllerUrl: 'http://127.0.0.1:9', retry: { maxAttempts: 2, baseDelayMs: 5 } }),
}));

// Reads see writes only 150 ms late, as on Pinecone: counts, read-backs and deletions must wait.
vectorStoreContract('Pinecone (local double, eventually consistent)', () => ({
  store: () => storeOn(lagging, { batchSize: 3, index: 'ragship-lagging' }),
}));

const vector = (index: number) => {
  const raw = [Math.cos(index), Math.sin(index), 0.5];
  const norm = Math.hypot(...raw);
  return raw.map((value) => value / norm);
};

describe('Pinecone adapter', () => {
  it('when a kb has {kb} in the index name, then each kb gets its own index and segments are namespaces in it', async () => {
    const store = storeOn(double, { index: 'perkb-{kb}' });
    await store.createSegment('ragship-alpha_docs-v1-base', { dimensions: 3 });
    await store.createSegment('ragship-beta-v2-delta', { dimensions: 3 });
    const listed = (await (
      await fetch(`${double.controllerUrl}/indexes`, { headers: { 'Api-Key': double.apiKey } })
    ).json()) as {
      indexes: { name: string }[];
    };
    expect(listed.indexes.map((index) => index.name)).toEqual(
      expect.arrayContaining(['perkb-alpha-docs', 'perkb-beta']),
    );
    expect(await store.hasSegment('ragship-alpha_docs-v1-base')).toBe(true);
    expect(await store.hasSegment('ragship-alpha_docs-v2-base')).toBe(false);
    expect(await store.hasSegment('ragship-gamma-v1-base')).toBe(false);
  });

  it('when chunks are large, then upserts stay under 2 MB a request and every chunk arrives', async () => {
    const store = storeOn(double, { index: 'ragship-large', batchSize: 1000 });
    const segment = 'ragship-large-v1-base';
    await store.createSegment(segment, { dimensions: 3 });
    const text = 'x'.repeat(30_000);
    const chunks = Array.from({ length: 150 }, (_, index) => testChunk(`big-${index}`, text, vector(index)));
    const before = double.requests.length;
    await store.addChunks(segment, chunks);
    const upserts = double.requests.slice(before).filter((request) => request.path === '/vectors/upsert');
    // 150 × ~31 KB = ~4.6 MB: at least three requests, none over the limit (the double refuses those).
    expect(upserts.length).toBeGreaterThanOrEqual(3);
    expect(upserts.reduce((sum, request) => sum + (request.vectors ?? 0), 0)).toBe(150);
    expect(await store.countChunks(segment)).toBe(150);
  });

  it('when Pinecone answers 429 or 503 for a while, then writes are retried and nothing is lost', async () => {
    const store = storeOn(double, { index: 'ragship-retry', batchSize: 5, concurrency: 1 });
    const segment = 'ragship-retry-v1-base';
    await store.createSegment(segment, { dimensions: 3 });
    double.failNext({ status: 429, times: 2, path: '/vectors/upsert' });
    double.failNext({ status: 503, times: 1, path: '/vectors/upsert' });
    await store.addChunks(
      segment,
      Array.from({ length: 12 }, (_, index) => testChunk(`retry-${index}`, `text ${index}`, vector(index))),
    );
    expect(await store.countChunks(segment)).toBe(12);
  });

  it('when Pinecone keeps failing, then the error says where and what, after the retries', async () => {
    const store = storeOn(double, { index: 'ragship-retry', retry: { maxAttempts: 2, baseDelayMs: 1 } });
    double.failNext({ status: 503, times: 2 });
    await expect(store.countChunks('ragship-retry-v1-base')).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringContaining(double.controllerUrl),
    });
  });

  it("when a chunk's text and fields pass Pinecone's 40 KB metadata limit, then the add is refused naming it and nothing is sent", async () => {
    const store = storeOn(double, { index: 'ragship-limits' });
    const segment = 'ragship-limits-v1-base';
    await store.createSegment(segment, { dimensions: 3 });
    const before = double.requests.length;
    const chunks = [
      testChunk('fits', 'ok', vector(1)),
      testChunk('huge', 'y'.repeat(41_000), vector(2), { docId: 'big.md' }),
    ];
    await expect(store.addChunks(segment, chunks)).rejects.toMatchObject({
      code: 'CHUNK_TOO_LARGE',
      message: expect.stringMatching(/Chunk huge of big\.md needs \d+ bytes .* allows 40960/),
    });
    expect(double.requests.slice(before).filter((request) => request.path === '/vectors/upsert')).toEqual([]);
  });

  it('when a chunk has an all-zero vector, then the add is refused naming it: Pinecone would reject it', async () => {
    const store = storeOn(double, { index: 'ragship-limits' });
    const segment = 'ragship-limits-v2-base';
    await store.createSegment(segment, { dimensions: 3 });
    await expect(
      store.addChunks(segment, [testChunk('blank', '----', [0, 0, 0], { docId: 'rule.md' })]),
    ).rejects.toMatchObject({
      code: 'ZERO_VECTOR',
      message: expect.stringContaining('Chunk blank of rule.md has an all-zero vector'),
    });
  });

  it('when the index exists with another dimension, then creating a segment names both dimensions', async () => {
    const store = storeOn(double, { index: 'ragship-dims' });
    await store.createSegment('ragship-dims-v1-base', { dimensions: 3 });
    await expect(
      storeOn(double, { index: 'ragship-dims' }).createSegment('ragship-dims-v2-base', { dimensions: 8 }),
    ).rejects.toThrow(/ragship-dims has dimension 3, but these vectors have 8/);
  });

  it('when the API key is wrong, then the error names the key variable, not the key', async () => {
    const store = createPineconeVectorStore({
      apiKey: 'wrong-key',
      index: 'ragship-contract',
      controllerUrl: double.controllerUrl,
    });
    const failure = await store.ping().catch((error: unknown) => error as Error);
    expect(failure).toMatchObject({ code: 'STORE_ERROR', message: expect.stringContaining('PINECONE_API_KEY') });
    expect((failure as Error).message).not.toContain('wrong-key');
  });

  it('when the config has no API key or a bad index name, then opening the store says which', async () => {
    expect(() =>
      createVectorStore({ kind: 'pinecone', index: 'ragship-x', cloud: 'aws', region: 'us-east-1' }),
    ).toThrow(ConfigError);
    const store = storeOn(double, { index: 'Bad_Index' });
    await expect(store.createSegment('ragship-x-v1-base', { dimensions: 3 })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining('"Bad_Index" is invalid'),
    });
  });
});
