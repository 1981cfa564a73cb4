import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { StringOutputParser } from '@langchain/core/output_parsers';
import type { Runnable } from '@langchain/core/runnables';
import { ChatOpenAI } from '@langchain/openai';
import { ConfigError, ModelUnavailableError, errorMessage } from '@ragship/core';
import {
  ANSWER_PROMPT_TEXT,
  ANSWER_PROMPT_VERSION,
  answerPrompt,
  condensePrompt,
  formatConversation,
  formatSources,
} from './answer-prompt.js';
import type { Answerer, AnswerRequest } from './answerer.js';

/** Limits on every LLM call. */
export interface GenerationLimits {
  /** Most tokens the model may generate per answer. */
  maxTokens: number;
  /** Longest one answer may take, in milliseconds, before it is cancelled. */
  timeoutMs: number;
  temperature: number;
}

/**
 * An answerer over a LangChain chat model: a runnable chain prompt → model → text. The
 * retrieved chunks go in as quoted, untrusted sources (see {@link formatSources}); the caller's
 * `signal` and the time limit both cancel the upstream request.
 */
export function createChatAnswerer(options: { id: string; model: BaseChatModel; limits: GenerationLimits }): Answerer {
  // The prompt's input type is erased by pipe(); the template's variables are exactly these two.
  const chain = answerPrompt.pipe(options.model).pipe(new StringOutputParser()) as Runnable<
    { question: string; sources: string },
    string
  >;
  const condenser = condensePrompt.pipe(options.model).pipe(new StringOutputParser()) as Runnable<
    { question: string; conversation: string },
    string
  >;
  const call = (
    request: Pick<AnswerRequest, 'question' | 'callbacks'> & {
      signal?: AbortSignal | undefined;
      chunks?: AnswerRequest['chunks'];
    },
  ) => {
    const deadline = AbortSignal.timeout(options.limits.timeoutMs);
    return {
      input: { question: request.question, sources: formatSources(request.chunks ?? []) },
      config: {
        signal: AbortSignal.any([deadline, ...(request.signal ? [request.signal] : [])]),
        ...(request.callbacks ? { callbacks: request.callbacks } : {}),
      },
      // The caller's own abort passes through; a deadline or an upstream failure becomes a clear error.
      failure: (error: unknown): unknown => {
        if (request.signal?.aborted) return error;
        if (deadline.aborted) {
          return new ModelUnavailableError(
            `${options.id} did not answer within ${options.limits.timeoutMs} ms.`,
            true,
            { cause: error },
          );
        }
        return new ModelUnavailableError(`${options.id} failed: ${errorMessage(error)}`, false, { cause: error });
      },
    };
  };
  return {
    id: options.id,
    promptVersion: ANSWER_PROMPT_VERSION,
    promptTemplate: ANSWER_PROMPT_TEXT,
    async answer(request) {
      const { input, config, failure } = call(request);
      try {
        return { text: (await chain.invoke(input, config)).trim() };
      } catch (error) {
        throw failure(error);
      }
    },
    async condense(request) {
      const { config, failure } = call(request);
      try {
        const rewritten = (
          await condenser.invoke(
            { question: request.question, conversation: formatConversation(request.history) },
            config,
          )
        ).trim();
        return rewritten || request.question;
      } catch (error) {
        throw failure(error);
      }
    },
    async *stream(request) {
      const { input, config, failure } = call(request);
      try {
        for await (const piece of await chain.stream(input, config)) if (piece) yield piece;
      } catch (error) {
        throw failure(error);
      }
    },
  };
}

/** Where OpenAI-compatible chat models are reached. */
export interface ChatProviderSettings {
  openai?: { baseUrl: string; apiKey?: string | undefined };
  ollama?: { baseUrl: string };
}

/**
 * `openai:<model>` on OpenAI or any OpenAI-compatible server (vLLM, TGI, LM Studio), or
 * `ollama:<model>` through Ollama's OpenAI-compatible `/v1` endpoint. Retries are left to the
 * caller: an answer that is late is cancelled, not retried.
 */
export function createOpenAICompatibleAnswerer(
  provider: 'openai' | 'ollama',
  model: string | undefined,
  settings: ChatProviderSettings,
  limits: GenerationLimits,
): Answerer {
  return createChatAnswerer({
    id: `${provider}:${model}`,
    model: openAICompatibleChatModel(provider, model, settings, limits, 'answerer'),
    limits,
  });
}

/** The LangChain chat model of `openai:<model>` or `ollama:<model>`; `role` names the config key in errors. */
export function openAICompatibleChatModel(
  provider: 'openai' | 'ollama',
  model: string | undefined,
  settings: ChatProviderSettings,
  limits: GenerationLimits,
  role: string,
): ChatOpenAI {
  if (!model) {
    throw new ConfigError(
      `${role} "${provider}:" needs a model, e.g. ${provider}:${provider === 'openai' ? 'gpt-4o-mini' : 'llama3.2'}.`,
      role,
    );
  }
  const baseURL =
    provider === 'openai'
      ? (settings.openai?.baseUrl ?? 'https://api.openai.com/v1')
      : `${(settings.ollama?.baseUrl ?? 'http://127.0.0.1:11434').replace(/\/+$/, '')}/v1`;
  const apiKey = provider === 'openai' ? settings.openai?.apiKey : 'ollama';
  if (provider === 'openai' && !apiKey) {
    throw new ConfigError(`${role} openai:${model} needs an API key: set OPENAI_API_KEY.`, 'OPENAI_API_KEY');
  }
  return new ChatOpenAI({
    model,
    apiKey,
    configuration: { baseURL },
    maxTokens: limits.maxTokens,
    temperature: limits.temperature,
    maxRetries: 0,
    // Token counts of streamed answers (stream_options.include_usage): OpenAI and current
    // OpenAI-compatible servers send them; Ollama's endpoint is left without, so streams are
    // timed there but not token-counted.
    streamUsage: provider === 'openai',
  });
}
