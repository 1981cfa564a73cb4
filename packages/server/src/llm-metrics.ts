import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { LLMResult } from '@langchain/core/outputs';
import type { Answerer } from '@ragship/retrieval';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Token counts of one model call, as LangChain reports them (usage metadata, else the provider's token usage). */
function tokensOf(output: LLMResult): { prompt: number; completion: number } | null {
  const message = (output.generations[0]?.[0] as { message?: { usage_metadata?: Record<string, number> } } | undefined)
    ?.message;
  const usage = message?.usage_metadata;
  if (usage && (usage.input_tokens !== undefined || usage.output_tokens !== undefined)) {
    return { prompt: usage.input_tokens ?? 0, completion: usage.output_tokens ?? 0 };
  }
  const reported = (output.llmOutput?.tokenUsage ?? output.llmOutput?.estimatedTokenUsage) as
    { promptTokens?: number; completionTokens?: number } | undefined;
  return reported ? { prompt: reported.promptTokens ?? 0, completion: reported.completionTokens ?? 0 } : null;
}

/**
 * Counts every LLM call the answerer makes (answers and follow-up rewrites) at `/metrics`:
 * `ragship_llm_tokens_total{model,kind=prompt|completion}` and
 * `ragship_llm_request_duration_seconds{model,outcome=ok|error}`. Returns the answerer with the
 * metrics' LangChain callback on every call; an answerer without a model (extractive) is unchanged.
 */
export function meteredAnswerer(answerer: Answerer, registry: Registry): Answerer {
  if (!answerer.promptTemplate) return answerer;
  const registers = [registry];
  const tokens = new Counter({
    name: 'ragship_llm_tokens_total',
    help: 'Tokens of LLM calls, by model and kind (prompt, completion).',
    labelNames: ['model', 'kind'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'ragship_llm_request_duration_seconds',
    help: 'Latency of LLM calls (to the last token when streamed), by model and outcome (ok, error).',
    labelNames: ['model', 'outcome'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
    registers,
  });
  const model = answerer.id;
  const started = new Map<string, number>();
  const finish = (runId: string, outcome: 'ok' | 'error') => {
    const start = started.get(runId);
    started.delete(runId);
    if (start !== undefined) duration.observe({ model, outcome }, (performance.now() - start) / 1000);
  };
  const handler = BaseCallbackHandler.fromMethods({
    handleChatModelStart(_llm, _messages, runId) {
      started.set(runId, performance.now());
    },
    handleLLMStart(_llm, _prompts, runId) {
      started.set(runId, performance.now());
    },
    handleLLMEnd(output, runId) {
      finish(runId, 'ok');
      const counted = tokensOf(output);
      if (counted) {
        tokens.inc({ model, kind: 'prompt' }, counted.prompt);
        tokens.inc({ model, kind: 'completion' }, counted.completion);
      }
    },
    handleLLMError(_error, runId) {
      finish(runId, 'error');
    },
  });
  const callbacks = [handler];
  return {
    id: answerer.id,
    ...(answerer.promptVersion ? { promptVersion: answerer.promptVersion } : {}),
    promptTemplate: answerer.promptTemplate,
    answer: (request) => answerer.answer({ ...request, callbacks }),
    ...(answerer.condense ? { condense: (request) => answerer.condense!({ ...request, callbacks }) } : {}),
    ...(answerer.stream ? { stream: (request) => answerer.stream!({ ...request, callbacks }) } : {}),
  };
}
