export { createInMemoryVectorStore, type InMemoryVectorStore } from './testing/in-memory-vector-store.js';
