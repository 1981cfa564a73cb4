export type { VectorStore, CreateSegmentOptions } from './vector-store.js';
export { createChromaVectorStore, type ChromaVectorStoreOptions } from './chroma-vector-store.js';
export { createPineconeVectorStore, type PineconeVectorStoreOptions } from './pinecone-vector-store.js';
export { baseSegmentName, deltaSegmentName, kbOfSegment, segmentsOfVersion } from './segment-name.js';
export {
  addHashToDigest,
  chunkDigest,
  chunkHash,
  digestHex,
  ReadBack,
  combineDigests,
  segmentDigest,
  segmentDigests,
  type DigestCount,
  type SegmentDigests,
} from './chunk-digest.js';
export { copySegment, type CopyResult, type CopySegmentOptions } from './copy-segment.js';
export { createVectorStore } from './create-vector-store.js';
export { getLiveChunks, searchSegments, type SegmentHit } from './search-segments.js';
