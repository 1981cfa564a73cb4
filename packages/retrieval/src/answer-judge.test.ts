import { afterEach, describe, expect, it } from 'vitest';
import type { ScoredChunk } from '@ragship/core';
import { startOpenAICompatibleServer, type OpenAICompatibleServer } from '@ragship/embeddings/testing';
import { createAnswerJudge } from './answer-judge.js';
import { startOllamaChatServer, type OllamaChatServer } from './testing/ollama-chat-server.js';

// The judges' models are local test doubles (OpenAI-compatible and Ollama's native chat API), not
// real models: they reply with a fixed verdict and record what they were sent.
let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

const CHUNKS = [
  { id: 'a', text: 'Run ragship rollback docs --env prod.', score: 1, metadata: { docId: 'a.md' } },
] as unknown as ScoredChunk[];
const REQUEST = { question: 'How do I roll back?', answer: 'Run ragship rollback [1].', chunks: CHUNKS };
const LIMITS = { maxTokens: 64, timeoutMs: 5000, temperature: 0.7 };
const VERDICT = 'Verdict: {"faithfulness": 0.8, "relevance": 1.4}';

async function started<T extends { close(): Promise<void> }>(server: Promise<T>): Promise<T> {
  servers.push(await server);
  return servers.at(-1) as T;
}

describe('answer judge', () => {
  it('when an openai judge grades an answer, then it asks at temperature 0 and returns the scores clamped to 0–1', async () => {
    const llm: OpenAICompatibleServer = await started(startOpenAICompatibleServer({ answer: () => VERDICT }));
    const judge = await createAnswerJudge(
      'openai:gpt-4o-mini',
      { openai: { baseUrl: llm.baseUrl, apiKey: 'k' } },
      LIMITS,
    );

    expect(await judge.judge(REQUEST)).toEqual({ faithfulness: 0.8, relevance: 1 });
    expect(llm.requests.at(-1)!.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0 });
  });

  it('when an ollama judge grades an answer, then ChatOllama asks Ollama and the reply is parsed', async () => {
    const ollama: OllamaChatServer = await started(startOllamaChatServer({ answer: () => VERDICT }));
    const judge = await createAnswerJudge('ollama:llama3.2', { ollama: { baseUrl: ollama.baseUrl } }, LIMITS);

    expect(await judge.judge(REQUEST)).toEqual({ faithfulness: 0.8, relevance: 1 });
    expect(ollama.requests.at(-1)!.body).toMatchObject({ model: 'llama3.2', options: { temperature: 0 } });
  });

  it('when the answerer is extractive or unknown, then creating the judge is a config error', async () => {
    await expect(createAnswerJudge('extractive', {}, LIMITS)).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: /Judging answers needs an LLM/,
    });
    await expect(createAnswerJudge('acme:large', {}, LIMITS)).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: /^Unknown judge "acme:large"/,
    });
  });
});
