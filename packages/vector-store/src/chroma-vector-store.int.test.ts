import { afterAll, beforeAll } from 'vitest';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import { createChromaVectorStore } from './chroma-vector-store.js';
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
