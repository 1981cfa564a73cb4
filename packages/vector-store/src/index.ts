export type { VectorStore, CreateSegmentOptions } from './vector-store.js';
export { createChromaVectorStore, type ChromaVectorStoreOptions } from './chroma-vector-store.js';
export { baseSegmentName, deltaSegmentName, segmentsOfVersion } from './segment-name.js';
export { chunkDigest, chunkHash, combineDigests, segmentDigest } from './chunk-digest.js';
export { createVectorStore } from './create-vector-store.js';
export { searchSegments } from './search-segments.js';
