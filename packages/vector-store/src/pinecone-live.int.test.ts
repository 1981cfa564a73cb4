import { describe } from 'vitest';
import { createPineconeVectorStore } from './pinecone-vector-store.js';
import { vectorStoreContract } from './testing/vector-store-contract.js';

// The contract against Pinecone itself, when a key is given: PINECONE_API_KEY, and optionally
// PINECONE_TEST_INDEX (default ragship-contract, created serverless on aws/us-east-1 if missing;
// PINECONE_TEST_CLOUD, PINECONE_TEST_REGION) and PINECONE_CONTROLLER_HOST. Segments it creates are
// deleted; the index is kept for the next run.
const apiKey = process.env.PINECONE_API_KEY;
const live = describe.skipIf(!apiKey); // reason: needs PINECONE_API_KEY for a real Pinecone project

live('Pinecone (live service)', () => {
  const options = {
    apiKey: apiKey ?? '',
    index: process.env.PINECONE_TEST_INDEX ?? 'ragship-contract',
    cloud: process.env.PINECONE_TEST_CLOUD ?? 'aws',
    region: process.env.PINECONE_TEST_REGION ?? 'us-east-1',
    ...(process.env.PINECONE_CONTROLLER_HOST ? { controllerUrl: process.env.PINECONE_CONTROLLER_HOST } : {}),
  };
  vectorStoreContract('Pinecone (live)', () => ({
    store: () => createPineconeVectorStore(options),
    unreachable: () =>
      createPineconeVectorStore({ ...options, controllerUrl: 'http://127.0.0.1:9', retry: { maxAttempts: 1 } }),
  }));
});
