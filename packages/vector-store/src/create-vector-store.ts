import { ConfigError, type VectorStoreConfig } from '@ragship/core';
import { createChromaVectorStore } from './chroma-vector-store.js';
import { createPineconeVectorStore } from './pinecone-vector-store.js';
import type { VectorStore } from './vector-store.js';

/**
 * Opens the vector store an environment's config names. A Chroma config must carry a URL by
 * now: the caller starts the embedded server first and passes its URL in. A Pinecone config must
 * carry its API key (from `PINECONE_API_KEY`, applied by `loadConfig`).
 */
export function createVectorStore(config: VectorStoreConfig): VectorStore {
  if (config.kind === 'chroma') {
    if (!config.url) throw new ConfigError('vectorStore.url is required for a Chroma store.', 'vectorStore.url');
    return createChromaVectorStore({ url: config.url, documents: config.documents });
  }
  if (!config.apiKey) {
    throw new ConfigError(
      `PINECONE_API_KEY is not set: the Pinecone store (index ${config.index}) needs an API key.`,
      'PINECONE_API_KEY',
    );
  }
  return createPineconeVectorStore({
    apiKey: config.apiKey,
    index: config.index,
    cloud: config.cloud,
    region: config.region,
    ...(config.controllerUrl ? { controllerUrl: config.controllerUrl } : {}),
  });
}
