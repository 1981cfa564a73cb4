import { createInMemoryVectorStore } from './in-memory-vector-store.js';
import { vectorStoreContract } from './vector-store-contract.js';

// The in-memory store stands in for Chroma in route tests; it keeps the same contract.
vectorStoreContract('in-memory', () => {
  const store = createInMemoryVectorStore();
  return { store: () => store };
});
