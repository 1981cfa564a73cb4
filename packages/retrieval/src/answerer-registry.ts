import type { Answerer } from './answerer.js';
import { createChatAnswerer } from './chat-answerer.js';
import { chatModelProviders, createChatModel, type ChatProviderSettings, type GenerationLimits } from './chat-model.js';
import { createExtractiveAnswerer } from './extractive-answerer.js';

/** Limits used when the caller gives none. */
export const DEFAULT_GENERATION_LIMITS: GenerationLimits = { maxTokens: 512, timeoutMs: 30_000, temperature: 0 };

/** Answerer providers {@link createAnswerer} knows: `extractive` and LangChain's chat model providers. */
export const answererProviders: readonly string[] = ['extractive', ...chatModelProviders];

/**
 * Creates the answerer for a configured id: `extractive` (offline), or a chat model as LangChain
 * names it, `<provider>:<model>` (`openai:gpt-4o-mini`, `ollama:llama3.2`, …), made by
 * LangChain's `initChatModel` (see {@link createChatModel}). Throws a `ConfigError` for an unknown
 * provider (listing the known ones), a missing model or key, or a provider package not installed.
 */
export async function createAnswerer(
  id: string,
  settings: ChatProviderSettings = {},
  limits: GenerationLimits = DEFAULT_GENERATION_LIMITS,
): Promise<Answerer> {
  if (id === 'extractive') return createExtractiveAnswerer();
  return createChatAnswerer({ id, model: await createChatModel(id, settings, limits, 'answerer'), limits });
}
