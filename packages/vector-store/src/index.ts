export type { VectorStore, CreateSegmentOptions } from './vector-store.js';
export { createChromaVectorStore, type ChromaVectorStoreOptions } from './chroma-vector-store.js';
export { baseSegmentName } from './segment-name.js';
export { chunkDigest, segmentDigest } from './chunk-digest.js';
export { createVectorStore } from './create-vector-store.js';
