import { ConfigError, resolveProvider, type ProviderFactory } from '@ragship/core';
import type { RetryOptions } from '@ragship/http-retry';
import type { Embedder } from './embedder.js';
import { createLocalEmbedder } from './local-embedder.js';
import { createOllamaEmbedder } from './ollama-embedder.js';
import { createOpenAIEmbedder } from './openai-embedder.js';

/**
 * Provider endpoints and credentials the embedders need: the config's `providers` section
 * (`ProviderSettings` of `@ragship/core`) fits as is. Absent entries use the defaults.
 */
export interface EmbedderProviderSettings {
  /** OpenAI or a compatible server. Default base URL `https://api.openai.com/v1`, no key. */
  openai?: { baseUrl: string; apiKey?: string };
  /** Default base URL `http://127.0.0.1:11434`. */
  ollama?: { baseUrl: string };
}

/** Per-embedder choices the provider settings do not hold. */
export interface CreateEmbedderOptions {
  /** Vector length: required for models without a known one; for the local embedder, default 384. */
  dimensions?: number;
  /** The fetch remote embedders use. Default the global `fetch`. */
  fetch?: typeof fetch;
  /** Backoff of remote embedders. */
  retry?: RetryOptions;
}

type EmbedderFactory = (
  model: string | undefined,
  settings: EmbedderProviderSettings,
  options: CreateEmbedderOptions,
) => Embedder;

const FACTORIES: Record<string, EmbedderFactory> = {
  local: (_model, _settings, options) => createLocalEmbedder({ dimensions: options.dimensions }),
  openai: (model, settings, options) =>
    createOpenAIEmbedder({
      model: requireModel('openai', model, 'text-embedding-3-small'),
      baseUrl: settings.openai?.baseUrl ?? 'https://api.openai.com/v1',
      apiKey: settings.openai?.apiKey,
      ...options,
    }),
  ollama: (model, settings, options) =>
    createOllamaEmbedder({
      model: requireModel('ollama', model, 'nomic-embed-text'),
      baseUrl: settings.ollama?.baseUrl ?? 'http://127.0.0.1:11434',
      ...options,
    }),
};

/** Provider ids {@link createEmbedder} accepts. */
export const embedderProviders = Object.keys(FACTORIES);

/**
 * Creates the embedder for a configured id: `local`, `openai:<model>` or `ollama:<model>`.
 * Endpoints and keys come from `settings` (the config's `providers`; defaults: api.openai.com
 * and a local Ollama). Throws `NotFoundError` listing the available providers for an unknown
 * one, and `ConfigError` for a missing model or an unknown vector length.
 */
export function createEmbedder(
  id: string,
  settings: EmbedderProviderSettings = {},
  options: CreateEmbedderOptions = {},
): Embedder {
  const factories: Record<string, ProviderFactory<Embedder>> = {};
  for (const [provider, factory] of Object.entries(FACTORIES)) {
    factories[provider] = (model) => factory(model, settings, options);
  }
  return resolveProvider('embedder', id, factories);
}

function requireModel(provider: string, model: string | undefined, example: string): string {
  if (!model) {
    throw new ConfigError(
      `Embedder "${provider}" needs a model: use "${provider}:<model>", e.g. "${provider}:${example}".`,
      'embedder',
    );
  }
  return model;
}
