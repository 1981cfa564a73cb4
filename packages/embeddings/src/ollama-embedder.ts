import { withRetry } from '@ragship/http-retry';
import { checkVector, invalidResponse } from './check-vector.js';
import { assertBatchSize, type Embedder } from './embedder.js';
import { displayUrl, postJson } from './post-json.js';
import { resolveDimensions } from './resolve-dimensions.js';
import type { RemoteEmbedderOptions } from './remote-embedder-options.js';

/** Vector lengths of Ollama models that need no `dimensions` option. */
export const OLLAMA_EMBEDDING_DIMENSIONS: Readonly<Record<string, number>> = {
  'nomic-embed-text': 768,
  'mxbai-embed-large': 1024,
  'all-minilm': 384,
};

/** Options of {@link createOllamaEmbedder}. */
export interface OllamaEmbedderOptions extends RemoteEmbedderOptions {
  /** Model name as pulled, e.g. `nomic-embed-text`; a `:latest` tag is ignored when looking up known lengths. */
  model: string;
  /** Ollama server, e.g. `http://127.0.0.1:11434`; `/api/embed` is appended. */
  baseUrl: string;
  /** Length of the vectors. Required for models not in {@link OLLAMA_EMBEDDING_DIMENSIONS}. */
  dimensions?: number;
  /** Most texts per request. Default 64: Ollama embeds a request's texts one after another. */
  maxBatchSize?: number;
}

/**
 * An embedder for a local Ollama server (`POST /api/embed`). Its id is `ollama:<model>`.
 * Transient failures are retried; the rest throw {@link EmbeddingProviderError}.
 */
export function createOllamaEmbedder(options: OllamaEmbedderOptions): Embedder {
  const { model } = options;
  const id = `ollama:${model}`;
  const dimensions = resolveDimensions(
    id,
    model.replace(/:latest$/, ''),
    options.dimensions,
    OLLAMA_EMBEDDING_DIMENSIONS,
  );
  const url = `${options.baseUrl.replace(/\/+$/, '')}/api/embed`;
  const source = { provider: 'ollama', url: displayUrl(url) };
  const maxBatchSize = options.maxBatchSize ?? 64;

  return {
    id,
    dimensions,
    maxBatchSize,
    async embed(texts, embedOptions = {}) {
      if (texts.length === 0) return [];
      assertBatchSize(id, texts.length, maxBatchSize);
      const body = await withRetry(
        () =>
          postJson({
            provider: 'ollama',
            url,
            body: { model, input: texts },
            fetch: options.fetch ?? fetch,
            timeoutMs: options.timeoutMs ?? 60_000,
            signal: embedOptions.signal,
          }),
        { ...options.retry, signal: embedOptions.signal },
      );
      const embeddings =
        typeof body === 'object' && body !== null && 'embeddings' in body ? body.embeddings : undefined;
      if (!Array.isArray(embeddings)) throw invalidResponse(source, 'no "embeddings" array');
      if (embeddings.length !== texts.length) {
        throw invalidResponse(source, `${embeddings.length} embeddings for ${texts.length} texts`);
      }
      return (embeddings as unknown[]).map((vector) => checkVector(vector, dimensions, source));
    },
  };
}
