import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import type { LLMResult } from '@langchain/core/outputs';
import type { ScoredChunk } from '@ragship/core';
import { createAnswerer } from './answerer-registry.js';
import { createChatModel } from './chat-model.js';
import { startOllamaChatServer, type OllamaChatServer } from './testing/ollama-chat-server.js';

// Ollama does not run here: a local double of its native chat API (`POST /api/chat`, NDJSON
// stream) answers over real HTTP, and LangChain's ChatOllama talks to it as it would to Ollama.
let ollama: OllamaChatServer | undefined;
afterEach(async () => {
  await ollama?.close();
  ollama = undefined;
});

const CHUNKS: ScoredChunk[] = [
  {
    id: 'rollback',
    text: 'To roll back an index, run ragship rollback docs --env prod.',
    score: 0.9,
    metadata: { docId: 'rollback.md', title: 'Rolling back', source: 'file:///rollback.md' } as ScoredChunk['metadata'],
  },
];
const LIMITS = { maxTokens: 64, timeoutMs: 5000, temperature: 0.2 };
const LONG_ANSWER = Array.from({ length: 40 }, (_, index) => `w${index}`).join(' ');

async function ollamaAnswerer(options: Parameters<typeof startOllamaChatServer>[0] = {}, limits = LIMITS) {
  ollama = await startOllamaChatServer({ answer: () => 'Run ragship rollback docs --env prod [1].', ...options });
  return createAnswerer('ollama:llama3.2', { ollama: { baseUrl: `${ollama.baseUrl}/` } }, limits);
}

function isInstalled(packageName: string): boolean {
  try {
    createRequire(import.meta.url).resolve(packageName);
    return true;
  } catch {
    return false;
  }
}

describe('answerer ids → LangChain chat models (initChatModel)', () => {
  it('when the provider is unknown, then the config error lists the known providers', async () => {
    const error = (await createAnswerer('acme:large').catch((caught: unknown) => caught)) as Error;
    expect(error).toMatchObject({ name: 'ConfigError', code: 'INVALID_CONFIG', field: 'answerer' });
    expect(error.message).toMatch(/^Unknown answerer "acme:large"\. Known: extractive \(offline, no model\)/);
    expect(error.message).toMatch(/openai, anthropic, .*ollama, /);
  });

  // reason: the refusal is only seen while @langchain/anthropic is not installed; installed, the id is valid.
  it.skipIf(isInstalled('@langchain/anthropic'))(
    'when the provider package is not installed, then the config error names the package to install',
    async () => {
      await expect(createAnswerer('anthropic:claude-3-5-haiku')).rejects.toMatchObject({
        code: 'INVALID_CONFIG',
        message:
          'answerer "anthropic:claude-3-5-haiku" needs the LangChain package @langchain/anthropic: npm install @langchain/anthropic',
      });
    },
  );

  it('when an ollama model is made, then it is LangChain ChatOllama on the configured server with the limits', async () => {
    const model = await createChatModel(
      'ollama:llama3.2:3b',
      { ollama: { baseUrl: 'http://10.0.0.9:11434/' } },
      LIMITS,
      'answerer',
    );
    expect(model).toMatchObject({
      model: 'llama3.2:3b',
      baseUrl: 'http://10.0.0.9:11434',
      numPredict: 64,
      temperature: 0.2,
    });
    expect(model.constructor.name).toBe('ChatOllama');
  });
});

describe('ollama answerer (ChatOllama, Ollama native API)', () => {
  it('when it answers, then /api/chat gets the fenced prompt and the limits, and the reply is the answer', async () => {
    const model = await ollamaAnswerer();
    const { text } = await model.answer({ question: 'How do I roll back?', chunks: CHUNKS });
    expect(text).toBe('Run ragship rollback docs --env prod [1].');
    expect(model.id).toBe('ollama:llama3.2');
    const body = ollama!.requests.at(-1)!.body;
    expect(body).toMatchObject({ model: 'llama3.2', stream: true, options: { num_predict: 64, temperature: 0.2 } });
    expect(body.messages?.[0]?.role).toBe('system');
    expect(body.messages?.[1]?.content).toContain('<document index="1" source="file:///rollback.md"');
  });

  it('when it streams, then the pieces add up to the answer and the token counts reach the callbacks', async () => {
    const model = await ollamaAnswerer({ answer: () => 'one two three four five [1]' });
    const ends: LLMResult[] = [];
    const pieces: string[] = [];
    const callbacks = [{ handleLLMEnd: (output: LLMResult) => void ends.push(output) }];
    for await (const piece of model.stream!({ question: 'q', chunks: CHUNKS, callbacks })) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe('one two three four five [1]');
    const prompt = ollama!.requests.at(-1)!.body.messages!.at(-1)!.content;
    const message = ends[0]?.generations[0]?.[0] as { message?: { usage_metadata?: object } } | undefined;
    expect(message?.message?.usage_metadata).toMatchObject({ input_tokens: prompt.length, output_tokens: 27 });
  });

  it('when one caller aborts mid-stream, then its upstream request ends and another caller’s stream finishes', async () => {
    const model = await ollamaAnswerer({ answer: () => LONG_ANSWER, tokenDelayMs: 10 });
    const abort = new AbortController();
    const aborted = (async () => {
      let count = 0;
      for await (const piece of model.stream!({ question: 'A', chunks: CHUNKS, signal: abort.signal })) {
        if (piece && ++count === 3) abort.abort();
      }
    })();
    const other = (async () => {
      let text = '';
      for await (const piece of model.stream!({ question: 'B', chunks: CHUNKS })) text += piece;
      return text;
    })();
    await expect(aborted).rejects.toThrow();
    expect(await other).toBe(LONG_ANSWER);
    await expect.poll(() => ollama!.cancelledStreams, { timeout: 2000 }).toBe(1);
    expect(ollama!.completedStreams).toBe(1);
  });

  it('when the model has not answered by the time limit, then the answer fails fast and the request is cancelled', async () => {
    const model = await ollamaAnswerer({ latencyMs: 1000 }, { ...LIMITS, timeoutMs: 100 });
    const started = performance.now();
    await expect(model.answer({ question: 'q', chunks: CHUNKS })).rejects.toMatchObject({
      code: 'MODEL_TIMEOUT',
      message: 'ollama:llama3.2 did not answer within 100 ms.',
    });
    expect(performance.now() - started).toBeLessThan(900);
    await expect.poll(() => ollama!.cancelledStreams, { timeout: 2000 }).toBe(1);
  });

  it('when the model is not pulled, then the error names the model and carries Ollama’s message', async () => {
    const model = await ollamaAnswerer({ models: ['mistral'] });
    await expect(model.answer({ question: 'q', chunks: CHUNKS })).rejects.toMatchObject({
      code: 'MODEL_UNAVAILABLE',
      message: 'ollama:llama3.2 failed: model "llama3.2" not found, try pulling it first',
    });
  });
});
