import { resolveProvider, type ProviderFactory } from '@ragship/core';
import type { Answerer } from './answerer.js';
import { createOpenAICompatibleAnswerer, type ChatProviderSettings, type GenerationLimits } from './chat-answerer.js';
import { createExtractiveAnswerer } from './extractive-answerer.js';

/** Limits used when the caller gives none. */
export const DEFAULT_GENERATION_LIMITS: GenerationLimits = { maxTokens: 512, timeoutMs: 30_000, temperature: 0 };

/** Answerer ids {@link createAnswerer} accepts. */
export const answererProviders = ['extractive', 'openai', 'ollama'];

/**
 * Creates the answerer for a configured id: `extractive` (offline), `openai:<model>` or
 * `ollama:<model>`. Throws `NotFoundError` listing the available ones for an unknown id.
 */
export function createAnswerer(
  id: string,
  settings: ChatProviderSettings = {},
  limits: GenerationLimits = DEFAULT_GENERATION_LIMITS,
): Answerer {
  const factories: Record<string, ProviderFactory<Answerer>> = {
    extractive: () => createExtractiveAnswerer(),
    openai: (model) => createOpenAICompatibleAnswerer('openai', model, settings, limits),
    ollama: (model) => createOpenAICompatibleAnswerer('ollama', model, settings, limits),
  };
  return resolveProvider('answerer', id, factories);
}
