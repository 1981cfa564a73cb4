import { resolveProvider, type ProviderFactory } from '@ragship/core';
import type { Answerer } from './answerer.js';
import { createExtractiveAnswerer } from './extractive-answerer.js';

const PROVIDERS: Record<string, ProviderFactory<Answerer>> = {
  extractive: () => createExtractiveAnswerer(),
};

/** Answerer ids {@link createAnswerer} accepts. */
export const answererProviders = Object.keys(PROVIDERS);

/** Creates the answerer for a configured id; throws `NotFoundError` listing the available ones. */
export function createAnswerer(id: string): Answerer {
  return resolveProvider('answerer', id, PROVIDERS);
}
