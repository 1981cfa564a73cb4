import { withRetry } from '@ragship/http-retry';
import { checkVector, invalidResponse, type ResponseSource } from './check-vector.js';
import { assertBatchSize, type Embedder } from './embedder.js';
import { displayUrl, postJson } from './post-json.js';
import { resolveDimensions } from './resolve-dimensions.js';
import type { RemoteEmbedderOptions } from './remote-embedder-options.js';

/** Vector lengths of OpenAI models that need no `dimensions` option. */
export const OPENAI_EMBEDDING_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** Options of {@link createOpenAIEmbedder}. */
export interface OpenAIEmbedderOptions extends RemoteEmbedderOptions {
  /**
   * Model name, e.g. `text-embedding-3-small`, or whatever an OpenAI-compatible server (vLLM, TGI,
   * LM Studio) serves.
   */
  model: string;
  /** API base including the version, e.g. `https://api.openai.com/v1`; `/embeddings` is appended. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …`; omitted when absent (local servers). Never logged or put in errors. */
  apiKey?: string;
  /**
   * Length of the vectors. Required for models not in {@link OPENAI_EMBEDDING_DIMENSIONS}. For
   * `text-embedding-3-*` it is also sent as the request's `dimensions`, which shortens the vectors;
   * other models must already return vectors of this length.
   */
  dimensions?: number;
  /** Most texts per request. Default 256 (OpenAI accepts up to 2048). */
  maxBatchSize?: number;
}

/**
 * An embedder for the OpenAI embeddings API and servers that speak it. Its id is `openai:<model>`.
 * Transient failures are retried; the rest throw {@link EmbeddingProviderError}.
 */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Embedder {
  const { model } = options;
  const id = `openai:${model}`;
  const dimensions = resolveDimensions(id, model, options.dimensions, OPENAI_EMBEDDING_DIMENSIONS);
  const url = `${options.baseUrl.replace(/\/+$/, '')}/embeddings`;
  const maxBatchSize = options.maxBatchSize ?? 256;
  const shortens = options.dimensions !== undefined && model.startsWith('text-embedding-3');
  const source = { provider: 'openai', url: displayUrl(url) };
  const headers: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};

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
            provider: 'openai',
            url,
            body: { model, input: texts, encoding_format: 'float', ...(shortens ? { dimensions } : {}) },
            headers,
            fetch: options.fetch ?? fetch,
            timeoutMs: options.timeoutMs ?? 60_000,
            signal: embedOptions.signal,
            secrets: options.apiKey ? [options.apiKey] : [],
          }),
        { ...options.retry, signal: embedOptions.signal },
      );
      return readVectors(body, texts.length, dimensions, source);
    },
  };
}

/** The vectors of an OpenAI `{data:[{index, embedding}]}` body, ordered by `index`, after checking the shape. */
function readVectors(body: unknown, count: number, dimensions: number, source: ResponseSource): number[][] {
  const invalid = (problem: string) => invalidResponse(source, problem);
  const data = typeof body === 'object' && body !== null && 'data' in body ? body.data : undefined;
  if (!Array.isArray(data)) throw invalid('no "data" array');
  if (data.length !== count) throw invalid(`${data.length} embeddings for ${count} texts`);
  const vectors = new Array<number[] | undefined>(count);
  for (const item of data as unknown[]) {
    const index = typeof item === 'object' && item !== null && 'index' in item ? item.index : undefined;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count || vectors[index]) {
      throw invalid(`missing, out of range or repeated index ${String(index)}`);
    }
    const embedding = (item as { embedding?: unknown }).embedding;
    vectors[index] = checkVector(embedding, dimensions, source);
  }
  return vectors as number[][];
}
