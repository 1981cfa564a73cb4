import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '@ragship/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalEmbedder } from './local-embedder.js';
import { createOllamaEmbedder } from './ollama-embedder.js';

// Ollama does not run here; a tiny double of `POST /api/embed` answers over real HTTP instead.
let server: Server;
let baseUrl: string;
let bodies: unknown[];
let pulled: Set<string>;

beforeEach(async () => {
  bodies = [];
  pulled = new Set(['nomic-embed-text', 'nomic-embed-text:latest']);
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const body = JSON.parse(text) as { model: string; input: string[] };
      bodies.push(body);
      response.setHeader('content-type', 'application/json');
      if (request.url !== '/api/embed' || !pulled.has(body.model)) {
        response.statusCode = 404;
        return response.end(JSON.stringify({ error: `model "${body.model}" not found, try pulling it first` }));
      }
      void createLocalEmbedder({ dimensions: 768 })
        .embed(body.input)
        .then((embeddings) => response.end(JSON.stringify({ model: body.model, embeddings })));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => new Promise((resolve) => server.close(resolve)));

describe('ollama embedder', () => {
  it('when texts are embedded, then one /api/embed request carries them and vectors come back in order', async () => {
    const embedder = createOllamaEmbedder({ model: 'nomic-embed-text', baseUrl });
    const texts = ['roll back the prod alias', 'chunk size and overlap'];

    const vectors = await embedder.embed(texts);

    expect(embedder).toMatchObject({ id: 'ollama:nomic-embed-text', dimensions: 768 });
    expect(bodies).toEqual([{ model: 'nomic-embed-text', input: texts }]);
    expect(vectors).toEqual(await createLocalEmbedder({ dimensions: 768 }).embed(texts));
  });

  it('when the model carries a :latest tag, then its known vector length still applies', () => {
    expect(createOllamaEmbedder({ model: 'nomic-embed-text:latest', baseUrl }).dimensions).toBe(768);
  });

  it('when the model is not pulled, then the error carries Ollama message and is not retried', async () => {
    const embedder = createOllamaEmbedder({ model: 'all-minilm', baseUrl });

    const error = await embedder.embed(['hello']).catch((error: unknown) => error);

    expect(bodies).toHaveLength(1);
    expect(error).toMatchObject({ code: 'EMBEDDING_FAILED', status: 404, retryable: false, provider: 'ollama' });
    expect((error as Error).message).toBe(
      `ollama answered ${baseUrl}/api/embed with HTTP 404: model "all-minilm" not found, try pulling it first`,
    );
  });

  it('when an unknown model has no dimensions, then a ConfigError lists the known models', () => {
    const create = () => createOllamaEmbedder({ model: 'snowflake-arctic-embed', baseUrl });

    expect(create).toThrow(ConfigError);
    expect(create).toThrow(/Models known without it: nomic-embed-text, mxbai-embed-large, all-minilm/);
  });

  it('when the declared dimensions differ from the vectors, then an invalid-response error says so', async () => {
    const embedder = createOllamaEmbedder({ model: 'nomic-embed-text', baseUrl, dimensions: 1024 });

    await expect(embedder.embed(['hello'])).rejects.toMatchObject({
      code: 'EMBEDDING_INVALID_RESPONSE',
      message: expect.stringContaining('an embedding has 768 numbers, the embedder declares 1024'),
    });
  });
});
