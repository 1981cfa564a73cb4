import { NotFoundError } from '@ragship/core';
import type { Embedder } from './embedder.js';
import { createLocalEmbedder } from './local-embedder.js';

type EmbedderFactory = (model: string | undefined) => Embedder;

const PROVIDERS: Record<string, EmbedderFactory> = {
  local: () => createLocalEmbedder(),
};

/** Provider ids {@link createEmbedder} accepts. */
export const embedderProviders = Object.keys(PROVIDERS);

/**
 * Creates the embedder for a configured id such as `local` or `openai:text-embedding-3-small`.
 * Throws {@link NotFoundError} listing the available providers for an unknown one.
 */
export function createEmbedder(id: string): Embedder {
  const separator = id.indexOf(':');
  const provider = separator === -1 ? id : id.slice(0, separator);
  const model = separator === -1 ? undefined : id.slice(separator + 1);
  const factory = PROVIDERS[provider];
  if (!factory) {
    throw new NotFoundError(
      'provider',
      id,
      `Unknown embedder "${id}". Available: ${embedderProviders.join(', ')}.`,
      embedderProviders,
    );
  }
  return factory(model);
}
