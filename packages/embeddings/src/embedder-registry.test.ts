import { ConfigError, NotFoundError, parseConfig } from '@ragship/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbedder, embedderProviders } from './embedder-registry.js';
import { startOpenAICompatibleServer, type OpenAICompatibleServer } from './testing.js';

const settings = {
  openai: { baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'sk-test' },
  ollama: { baseUrl: 'http://127.0.0.1:11434' },
};

describe('embedder registry', () => {
  it('when an unknown provider is asked for, then a NotFoundError lists local, openai and ollama', () => {
    const create = () => createEmbedder('cohere:embed-english-v3.0', settings);

    expect(create).toThrow(NotFoundError);
    expect(create).toThrow('Unknown embedder "cohere:embed-english-v3.0". Available: local, openai, ollama.');
    expect(embedderProviders).toEqual(['local', 'openai', 'ollama']);
  });

  it.each(['openai', 'ollama', 'openai:'])(
    'when "%s" has no model, then a ConfigError shows the expected form',
    (id) => {
      const provider = id.replace(':', '');

      expect(() => createEmbedder(id, settings)).toThrow(ConfigError);
      expect(() => createEmbedder(id, settings)).toThrow(
        `Embedder "${provider}" needs a model: use "${provider}:<model>"`,
      );
    },
  );

  it('when a provider id names a model, then the embedder has that id and the known vector length', () => {
    expect(createEmbedder('openai:text-embedding-3-large', settings)).toMatchObject({
      id: 'openai:text-embedding-3-large',
      dimensions: 3072,
    });
    expect(createEmbedder('ollama:mxbai-embed-large', settings)).toMatchObject({
      id: 'ollama:mxbai-embed-large',
      dimensions: 1024,
    });
    expect(createEmbedder('local')).toMatchObject({ id: 'local', dimensions: 384 });
  });

  it('when given the providers of a parsed config, then the OpenAI embedder calls the configured base URL', async () => {
    const config = parseConfig({ providers: { openai: { baseUrl: 'http://127.0.0.1:1/v1' } } }, 'test');
    const embedder = createEmbedder('openai:text-embedding-3-small', config.providers, { retry: { maxAttempts: 1 } });

    const error = await embedder.embed(['hello']).catch((error: unknown) => error);

    expect((error as Error).message).toContain('Cannot reach openai at http://127.0.0.1:1/v1/embeddings');
  });

  it('when an unknown model comes with dimensions, then the embedder uses them', () => {
    expect(createEmbedder('ollama:bge-m3', settings, { dimensions: 1024 }).dimensions).toBe(1024);
    expect(() => createEmbedder('ollama:bge-m3', settings)).toThrow(ConfigError);
  });
});

describe('embedder registry against an OpenAI-compatible server', () => {
  // The hosted API cannot run here; the package's double stands in for it.
  let server: OpenAICompatibleServer;
  beforeEach(async () => {
    server = await startOpenAICompatibleServer({ apiKey: 'sk-registry' });
  });
  afterEach(() => server.close());

  it('when settings carry the base URL and key, then the created embedder uses them', async () => {
    const embedder = createEmbedder('openai:text-embedding-3-small', {
      openai: { baseUrl: server.baseUrl, apiKey: 'sk-registry' },
    });

    await embedder.embed(['hello']);

    expect(server.requests[0]).toMatchObject({ path: '/v1/embeddings', authorized: true });
  });
});
