export { createInMemoryVectorStore, type InMemoryVectorStore } from './testing/in-memory-vector-store.js';
export { testChunk, testChunkMetadata } from './testing/test-chunk.js';
export { vectorStoreContract, type VectorStoreFixture } from './testing/vector-store-contract.js';
export {
  startPineconeDouble,
  type PineconeDouble,
  type PineconeDoubleOptions,
  type PineconeDoubleRequest,
} from './testing/pinecone-double.js';
