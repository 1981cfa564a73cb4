import { NotFoundError } from '@ragship/core';
import type { Answerer } from './answerer.js';
import { createExtractiveAnswerer } from './extractive-answerer.js';

const PROVIDERS: Record<string, () => Answerer> = {
  extractive: () => createExtractiveAnswerer(),
};

/** Answerer ids {@link createAnswerer} accepts. */
export const answererProviders = Object.keys(PROVIDERS);

/** Creates the answerer for a configured id; throws {@link NotFoundError} listing the available ones. */
export function createAnswerer(id: string): Answerer {
  const provider = id.split(':')[0] ?? id;
  const factory = PROVIDERS[provider];
  if (!factory) {
    throw new NotFoundError(
      'provider',
      id,
      `Unknown answerer "${id}". Available: ${answererProviders.join(', ')}.`,
      answererProviders,
    );
  }
  return factory();
}
