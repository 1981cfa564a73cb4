export type { Embedder } from './embedder.js';
export { createLocalEmbedder, type LocalEmbedderOptions } from './local-embedder.js';
export { createOpenAIEmbedder, OPENAI_EMBEDDING_DIMENSIONS, type OpenAIEmbedderOptions } from './openai-embedder.js';
export { createOllamaEmbedder, OLLAMA_EMBEDDING_DIMENSIONS, type OllamaEmbedderOptions } from './ollama-embedder.js';
export { embedMany, normalize, type EmbedManyOptions } from './embed-many.js';
export { embedAll, type EmbedAllOptions, type EmbedAllResult } from './embed-all.js';
export {
  createEmbeddingCache,
  type EmbeddingCache,
  type EmbeddingCacheEntry,
  type EmbeddingCacheOptions,
} from './embedding-cache.js';
export {
  EmbeddingProviderError,
  type EmbeddingErrorCode,
  type EmbeddingProviderErrorFields,
} from './embedding-error.js';
export {
  createEmbedder,
  embedderProviders,
  type CreateEmbedderOptions,
  type EmbedderProviderSettings,
} from './embedder-registry.js';
export { tokenize } from './tokenize.js';
export { wrapEmbed } from './wrap-embed.js';
