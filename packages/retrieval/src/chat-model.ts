import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { ChatOllama } from '@langchain/ollama';
import { initChatModel, MODEL_PROVIDER_CONFIG } from 'langchain/chat_models/universal';
import { ConfigError, errorMessage } from '@ragship/core';
import { fetchInCall } from './call-signal.js';

/** Limits on every LLM call. */
export interface GenerationLimits {
  /** Most tokens the model may generate per answer. */
  maxTokens: number;
  /** Longest one answer may take, in milliseconds, before it is cancelled. */
  timeoutMs: number;
  temperature: number;
}

/** Where chat models are reached (`providers` in the config). Other providers read their own settings. */
export interface ChatProviderSettings {
  /** OpenAI or any OpenAI-compatible server (vLLM, TGI, LM Studio): its `/v1` base URL and key. */
  openai?: { baseUrl: string; apiKey?: string | undefined };
  /** An Ollama server's root URL, e.g. `http://127.0.0.1:11434`. */
  ollama?: { baseUrl: string };
}

/** The model providers LangChain's `initChatModel` knows, each with the package it needs. */
export const chatModelProviders: readonly string[] = Object.keys(MODEL_PROVIDER_CONFIG);

/**
 * The LangChain chat model of a model id written as LangChain writes it, `<provider>:<model>`
 * (`openai:gpt-4o-mini`, `ollama:llama3.2`, `anthropic:claude-3-5-haiku`, …), made by
 * `initChatModel` from the provider's LangChain package. `openai` and `ollama` reach the
 * configured endpoints; other providers read their own settings (e.g. `ANTHROPIC_API_KEY`).
 * Every model gets `limits` and no retries: an answer that is late is cancelled, not retried.
 * `role` names the config key in errors. Throws a {@link ConfigError} for an unknown provider (listing
 * the known ones), a missing model or key, and a provider whose package is not installed.
 */
export async function createChatModel(
  id: string,
  settings: ChatProviderSettings,
  limits: Omit<GenerationLimits, 'timeoutMs'>,
  role: string,
): Promise<BaseChatModel> {
  const { provider, model } = parseModelId(id, role);
  const packageName = MODEL_PROVIDER_CONFIG[provider as keyof typeof MODEL_PROVIDER_CONFIG].package;
  let created: BaseChatModel | undefined;
  const parameters = providerParameters(provider, model, settings, limits, role);
  if (provider === 'ollama') parameters.fetch = ollamaFetch(() => created as ChatOllama | undefined);
  try {
    const configurable = await initChatModel(model, { modelProvider: provider, maxRetries: 0, ...parameters });
    // The instance initChatModel made, called directly: the wrapper caches one instance per distinct
    // call config, keyed by the whole config (langchainjs #9880 dropped only LangGraph's keys), and
    // every call's callbacks differ, so a server would keep one more model per request.
    created = await configurable._getModelInstance();
  } catch (error) {
    if (errorMessage(error).includes(`Unable to import ${packageName}`)) {
      throw new ConfigError(
        `${role} "${id}" needs the LangChain package ${packageName}: npm install ${packageName}`,
        role,
        { cause: error },
      );
    }
    throw new ConfigError(`${role} "${id}" could not be created: ${errorMessage(error)}`, role, { cause: error });
  }
  return created;
}

/** `<provider>:<model>` → its parts; a ConfigError when the provider is unknown or the model missing. */
function parseModelId(id: string, role: string): { provider: string; model: string } {
  const separator = id.indexOf(':');
  const provider = separator === -1 ? id : id.slice(0, separator);
  const model = separator === -1 ? '' : id.slice(separator + 1);
  if (!chatModelProviders.includes(provider)) {
    throw new ConfigError(
      `Unknown ${role} "${id}". Known: extractive (offline, no model), or <provider>:<model> with a provider ` +
        `LangChain's initChatModel knows: ${chatModelProviders.join(', ')}.`,
      role,
    );
  }
  if (!model) {
    const example = provider === 'ollama' ? 'llama3.2' : provider === 'openai' ? 'gpt-4o-mini' : '<model>';
    throw new ConfigError(`${role} "${id}" needs a model, e.g. ${provider}:${example}.`, role);
  }
  return { provider, model };
}

/** The constructor fields of the provider's chat model: endpoints, key and limits in its own names. */
function providerParameters(
  provider: string,
  model: string,
  settings: ChatProviderSettings,
  limits: Omit<GenerationLimits, 'timeoutMs'>,
  role: string,
): Record<string, unknown> {
  if (provider === 'openai') {
    const apiKey = settings.openai?.apiKey;
    if (!apiKey)
      throw new ConfigError(`${role} openai:${model} needs an API key: set OPENAI_API_KEY.`, 'OPENAI_API_KEY');
    return {
      apiKey,
      configuration: { baseURL: settings.openai?.baseUrl ?? 'https://api.openai.com/v1' },
      maxTokens: limits.maxTokens,
      temperature: limits.temperature,
      // Token counts of streamed answers (stream_options.include_usage), for the metrics.
      streamUsage: true,
    };
  }
  if (provider === 'ollama') {
    return {
      baseUrl: (settings.ollama?.baseUrl ?? 'http://127.0.0.1:11434').replace(/\/+$/, ''),
      numPredict: limits.maxTokens,
      temperature: limits.temperature,
    };
  }
  return { maxTokens: limits.maxTokens, temperature: limits.temperature };
}

/**
 * The fetch of an Ollama model: each request on its own call's signal ({@link fetchInCall}). ollama-js
 * also lists every streamed request until its last line, forgetting it only then or on a
 * client-wide `abort()`, so one cancelled mid-stream would stay listed for good; since no request
 * here runs on the client's signal, a client-wide abort before each new request only empties the list.
 */
function ollamaFetch(model: () => ChatOllama | undefined): typeof fetch {
  return (input, init) => {
    model()?.client.abort();
    return fetchInCall(input, init);
  };
}
