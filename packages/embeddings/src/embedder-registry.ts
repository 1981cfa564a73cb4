import { resolveProvider, type ProviderFactory } from '@ragship/core';
import type { Embedder } from './embedder.js';
import { createLocalEmbedder } from './local-embedder.js';

const PROVIDERS: Record<string, ProviderFactory<Embedder>> = {
  local: () => createLocalEmbedder(),
};

/** Provider ids {@link createEmbedder} accepts. */
export const embedderProviders = Object.keys(PROVIDERS);

/**
 * Creates the embedder for a configured id such as `local` or `openai:text-embedding-3-small`.
 * Throws `NotFoundError` listing the available providers for an unknown one.
 */
export function createEmbedder(id: string): Embedder {
  return resolveProvider('embedder', id, PROVIDERS);
}
