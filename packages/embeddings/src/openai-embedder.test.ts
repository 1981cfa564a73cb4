import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '@ragship/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingProviderError } from './embedding-error.js';
import { createLocalEmbedder } from './local-embedder.js';
import { createOpenAIEmbedder } from './openai-embedder.js';
import { embedMany } from './embed-many.js';
import { startOpenAICompatibleServer, type OpenAICompatibleServer } from './testing.js';

// The hosted OpenAI API cannot run here: these tests talk real HTTP to the package's double.
const apiKey = 'sk-test-secret-key-123';
let server: OpenAICompatibleServer;

beforeEach(async () => {
  server = await startOpenAICompatibleServer({ apiKey, reverseOrder: true });
});
afterEach(() => server.close());

describe('openai embedder', () => {
  it('when 600 texts are embedded with maxBatchSize 256, then 3 requests carry 256, 256 and 88 texts', async () => {
    const embedder = createOpenAIEmbedder({ model: 'text-embedding-3-small', baseUrl: server.baseUrl, apiKey });
    const texts = Array.from({ length: 600 }, (_, index) => `text number ${index}`);

    const vectors = await embedMany(embedder, texts);

    expect(server.requests.map((request) => (request.body as { input: string[] }).input.length)).toEqual([
      256, 256, 88,
    ]);
    expect(vectors).toHaveLength(600);
    expect(vectors.every((vector) => vector.length === 1536)).toBe(true);
  });

  it('when a key is configured, then every request sends it as a bearer token', async () => {
    const embedder = createOpenAIEmbedder({ model: 'text-embedding-3-small', baseUrl: server.baseUrl, apiKey });

    await embedder.embed(['hello']);

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/embeddings',
      authorized: true,
      body: { model: 'text-embedding-3-small', input: ['hello'], encoding_format: 'float' },
    });
    expect(server.requests[0]?.headers).not.toHaveProperty('authorization');
  });

  it('when the server lists embeddings out of order, then each vector still belongs to its text by index', async () => {
    const embedder = createOpenAIEmbedder({ model: 'text-embedding-3-small', baseUrl: server.baseUrl, apiKey });
    const texts = ['roll back the prod alias', 'chunk size and overlap', 'promote a version to staging'];

    const vectors = await embedder.embed(texts);

    expect(vectors).toEqual(await createLocalEmbedder({ dimensions: 1536 }).embed(texts));
  });

  it('when dimensions is set for a text-embedding-3 model, then it is sent and the vectors have that length', async () => {
    const embedder = createOpenAIEmbedder({
      model: 'text-embedding-3-large',
      baseUrl: server.baseUrl,
      apiKey,
      dimensions: 256,
    });

    const [vector] = await embedder.embed(['hello']);

    expect(embedder.dimensions).toBe(256);
    expect(server.requests[0]?.body).toMatchObject({ dimensions: 256 });
    expect(vector).toHaveLength(256);
  });

  it('when a model of an OpenAI-compatible server is declared with dimensions, then they are not sent', async () => {
    const local = await startOpenAICompatibleServer({ dimensions: 768 });
    try {
      const embedder = createOpenAIEmbedder({ model: 'BAAI/bge-base-en', baseUrl: local.baseUrl, dimensions: 768 });

      const [vector] = await embedder.embed(['hello']);

      expect(embedder.id).toBe('openai:BAAI/bge-base-en');
      expect(local.requests[0]?.body).not.toHaveProperty('dimensions');
      expect(local.requests[0]?.authorized).toBe(false);
      expect(vector).toHaveLength(768);
    } finally {
      await local.close();
    }
  });

  it('when the model is unknown and no dimensions are given, then a ConfigError names the fix', () => {
    expect(() => createOpenAIEmbedder({ model: 'my-model', baseUrl: server.baseUrl })).toThrow(ConfigError);
    expect(() => createOpenAIEmbedder({ model: 'my-model', baseUrl: server.baseUrl })).toThrow(
      /"openai:my-model" has no known vector length: pass dimensions/,
    );
  });

  it('when the vectors are shorter than declared, then an invalid-response error says both lengths', async () => {
    const embedder = createOpenAIEmbedder({ model: 'bge', baseUrl: server.baseUrl, apiKey, dimensions: 1024 });

    const error = await embedder.embed(['hello']).catch((error: unknown) => error);

    expect(error).toBeInstanceOf(EmbeddingProviderError);
    expect(error).toMatchObject({ code: 'EMBEDDING_INVALID_RESPONSE', retryable: false });
    expect((error as Error).message).toMatch(/an embedding has 384 numbers, the embedder declares 1024/);
  });

  it('when the server answers fewer embeddings than texts, then an invalid-response error is thrown', async () => {
    const fetchOne: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const body = (await response.json()) as { data: unknown[] };
      return Response.json({ ...body, data: body.data.slice(1) });
    };
    const embedder = createOpenAIEmbedder({
      model: 'text-embedding-3-small',
      baseUrl: server.baseUrl,
      apiKey,
      fetch: fetchOne,
    });

    await expect(embedder.embed(['one', 'two'])).rejects.toThrow(/1 embeddings for 2 texts/);
  });

  it('when nothing listens at the base URL, then a retryable error names the URL', async () => {
    const baseUrl = await unusedBaseUrl();
    const embedder = createOpenAIEmbedder({
      model: 'text-embedding-3-small',
      baseUrl,
      apiKey,
      retry: { maxAttempts: 1 },
    });

    const error = await embedder.embed(['hello']).catch((error: unknown) => error);

    expect(error).toMatchObject({ code: 'EMBEDDING_UNREACHABLE', retryable: true, provider: 'openai' });
    expect((error as Error).message).toContain(`Cannot reach openai at ${baseUrl}/embeddings (ECONNREFUSED)`);
  });

  it('when the server takes longer than timeoutMs, then a retryable timeout error is thrown', async () => {
    const slow = await startOpenAICompatibleServer({ latencyMs: 500 });
    try {
      const embedder = createOpenAIEmbedder({
        model: 'text-embedding-3-small',
        baseUrl: slow.baseUrl,
        timeoutMs: 50,
        retry: { maxAttempts: 1 },
      });

      await expect(embedder.embed(['hello'])).rejects.toMatchObject({ code: 'EMBEDDING_TIMEOUT', retryable: true });
    } finally {
      await slow.close();
    }
  });
});

async function unusedBaseUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}/v1`;
}
