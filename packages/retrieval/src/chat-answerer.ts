import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { StringOutputParser } from '@langchain/core/output_parsers';
import type { Runnable } from '@langchain/core/runnables';
import { ModelUnavailableError, errorMessage } from '@ragship/core';
import {
  ANSWER_PROMPT_TEXT,
  ANSWER_PROMPT_VERSION,
  answerPrompt,
  condensePrompt,
  formatConversation,
  formatSources,
} from './answer-prompt.js';
import type { Answerer, AnswerRequest } from './answerer.js';
import { withCallSignal } from './call-signal.js';
import type { GenerationLimits } from './chat-model.js';

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
    const signal = AbortSignal.any([deadline, ...(request.signal ? [request.signal] : [])]);
    return {
      input: { question: request.question, sources: formatSources(request.chunks ?? []) },
      config: { signal, ...(request.callbacks ? { callbacks: request.callbacks } : {}) },
      /** Runs a model call on this request's signal, also where the model's HTTP client takes none per call. */
      run: <T>(modelCall: () => T): T => withCallSignal(signal, modelCall),
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
      const { input, config, run, failure } = call(request);
      try {
        return { text: (await run(() => chain.invoke(input, config))).trim() };
      } catch (error) {
        throw failure(error);
      }
    },
    async condense(request) {
      const { config, run, failure } = call(request);
      const input = { question: request.question, conversation: formatConversation(request.history) };
      try {
        const rewritten = (await run(() => condenser.invoke(input, config))).trim();
        return rewritten || request.question;
      } catch (error) {
        throw failure(error);
      }
    },
    async *stream(request) {
      const { input, config, run, failure } = call(request);
      try {
        for await (const piece of await run(() => chain.stream(input, config))) if (piece) yield piece;
      } catch (error) {
        throw failure(error);
      }
    },
  };
}
