import { ChromaClient } from 'chromadb';
import { afterEach, describe, expect, it } from 'vitest';

import { chromaHeartbeat } from './chroma-heartbeat.js';
import { chromaContainerImage, startTestChroma, type TestChroma } from './chroma-fixture.js';

// The rehearsal sets RAGSHIP_REQUIRE_CONTAINER_ENGINE=1 after starting the engine and building the
// image: there this test must run, and fail when the container path cannot be used.
const containerRequired = process.env.RAGSHIP_REQUIRE_CONTAINER_ENGINE === '1';
const image = await chromaContainerImage();
const started: TestChroma[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((chroma) => chroma.stop()));
});

describe('startTestChroma in a container', () => {
  it.skipIf(image === undefined && !containerRequired)(
    // reason: no container engine with a local Chroma-capable image here
    'when an engine and a Chroma-capable image exist, then Chroma runs in a container and serves a create/add/query round trip',
    async () => {
      expect(
        image,
        'RAGSHIP_REQUIRE_CONTAINER_ENGINE=1, ' +
          'but no container engine answers with chromadb/chroma:1.0.0 or ragship:local',
      ).toBeDefined();

      const chroma = await startTestChroma();
      started.push(chroma);
      const url = new URL(chroma.url);
      const client = new ChromaClient({ host: url.hostname, port: Number(url.port) });
      const collection = await client.createCollection({ name: 'round-trip', embeddingFunction: null });
      await collection.add({
        ids: ['north', 'east'],
        embeddings: [
          [1, 0, 0],
          [0, 1, 0],
        ],
        metadatas: [{ text: 'north' }, { text: 'east' }],
      });
      const result = await collection.query({ queryEmbeddings: [[0.9, 0.1, 0]], nResults: 1, include: ['metadatas'] });

      expect(chroma.via).toBe('testcontainers');
      expect(chroma.image).toBe(image);
      expect(result.ids).toEqual([['north']]);
      expect(result.metadatas).toEqual([[{ text: 'north' }]]);
    },
  );

  it.skipIf(image === undefined && !containerRequired)(
    // reason: no container engine with a local Chroma-capable image here
    'when it is stopped, then the server no longer answers and its container is removed',
    async () => {
      const { getContainerRuntimeClient } = await import('testcontainers');
      const runtime = await getContainerRuntimeClient();

      const chroma = await startTestChroma();
      const answeredWhileRunning = await chromaHeartbeat(chroma.url);
      await chroma.stop();

      expect(chroma.via).toBe('testcontainers');
      expect(answeredWhileRunning).toBe(true);
      expect(await chromaHeartbeat(chroma.url)).toBe(false);
      const container = runtime.container.getById(chroma.containerId ?? '');
      await expect(runtime.container.inspect(container)).rejects.toThrow(/no such container/i);
    },
  );
});
