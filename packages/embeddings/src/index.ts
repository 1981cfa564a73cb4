export type { Embedder } from './embedder.js';
export { createLocalEmbedder, type LocalEmbedderOptions } from './local-embedder.js';
export { embedMany, normalize, type EmbedManyOptions } from './embed-many.js';
export { createEmbedder, embedderProviders } from './embedder-registry.js';
export { tokenize } from './tokenize.js';
