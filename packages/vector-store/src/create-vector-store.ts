import { ConfigError, type VectorStoreConfig } from '@ragship/core';
import { createChromaVectorStore } from './chroma-vector-store.js';
import type { VectorStore } from './vector-store.js';

/**
 * Opens the vector store an environment's config names. A Chroma config must carry a URL by
 * now: the caller starts the embedded server first and passes its URL in.
 */
export function createVectorStore(config: VectorStoreConfig): VectorStore {
  if (config.kind === 'chroma') {
    if (!config.url) throw new ConfigError('vectorStore.url is required for a Chroma store.', 'vectorStore.url');
    return createChromaVectorStore({ url: config.url });
  }
  throw new ConfigError(`Vector store kind "${config.kind}" is not supported yet; use chroma.`, 'vectorStore.kind');
}
