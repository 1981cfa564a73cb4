import { ChromaClient } from 'chromadb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import { createChromaVectorStore } from './chroma-vector-store.js';
import { testChunk } from './testing/test-chunk.js';
import { vectorStoreContract } from './testing/vector-store-contract.js';

// A real Chroma server (testcontainers when a container runtime exists, else the chroma binary).
let chroma: TestChroma;
beforeAll(async () => {
  chroma = await startTestChroma();
});
afterAll(() => chroma?.stop());

// batchSize 4: the suite's 10-chunk adds cross Chroma batch boundaries.
vectorStoreContract('Chroma (real server)', () => ({
  store: () => createChromaVectorStore({ url: chroma.url, batchSize: 4 }),
  unreachable: () => createChromaVectorStore({ url: 'http://127.0.0.1:9' }),
}));

describe('where a Chroma segment keeps chunk texts', () => {
  const chunks = [
    testChunk('a', 'Alpha text about vitamin D.', [1, 0, 0]),
    testChunk('b', 'Beta text about zinc.', [0, 1, 0]),
  ];
  const raw = () => new ChromaClient({ host: new URL(chroma.url).hostname, port: Number(new URL(chroma.url).port) });

  it('when chunks are added by default, then their texts are in the metadata field text, not Chroma documents, and read back as written', async () => {
    const store = createChromaVectorStore({ url: chroma.url });
    await store.createSegment('texts-in-metadata', { dimensions: 3 });
    await store.addChunks('texts-in-metadata', chunks);

    const stored = await (
      await raw().getCollection({ name: 'texts-in-metadata' })
    ).get({
      ids: ['a', 'b'],
      include: ['documents', 'metadatas'],
    });
    expect(stored.documents).toEqual([null, null]);
    expect(stored.metadatas.map((metadata) => metadata?.text)).toEqual([chunks[0]!.text, chunks[1]!.text]);
    expect(await store.getChunks('texts-in-metadata', ['a', 'b'])).toEqual(
      chunks.map(({ embedding: _embedding, ...chunk }) => chunk),
    );
    expect(await store.getEmbeddedChunks('texts-in-metadata', ['a', 'b'])).toEqual(chunks);
  });

  it('when a segment was written with texts as Chroma documents, then a default store reads it back the same, and Chroma can search the documents', async () => {
    const writer = createChromaVectorStore({ url: chroma.url, documents: true });
    await writer.createSegment('texts-as-documents', { dimensions: 3 });
    await writer.addChunks('texts-as-documents', chunks);

    const collection = await raw().getCollection({ name: 'texts-as-documents' });
    const matched = await collection.get({ whereDocument: { $contains: 'zinc' } });
    expect(matched.ids).toEqual(['b']);
    const reader = createChromaVectorStore({ url: chroma.url });
    const pages = [];
    for await (const page of reader.readChunks('texts-as-documents')) pages.push(...page);
    expect(pages).toEqual(chunks);
    expect(await reader.getChunks('texts-as-documents', ['b'])).toEqual([
      { id: 'b', text: chunks[1]!.text, metadata: chunks[1]!.metadata },
    ]);
  });
});
