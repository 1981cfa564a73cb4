import { EmbeddingProviderError } from './embedding-error.js';

/** Where a response came from, for error messages. */
export interface ResponseSource {
  provider: string;
  url: string;
}

/** Returns `vector` when it is `dimensions` finite numbers; throws `EMBEDDING_INVALID_RESPONSE` otherwise. */
export function checkVector(vector: unknown, dimensions: number, source: ResponseSource): number[] {
  if (!Array.isArray(vector)) throw invalidResponse(source, 'an embedding is not an array of numbers');
  if (vector.length !== dimensions) {
    throw invalidResponse(
      source,
      `an embedding has ${vector.length} numbers, the embedder declares ${dimensions}; ` +
        "set dimensions to the model's vector length",
    );
  }
  if (!vector.every((value) => typeof value === 'number' && Number.isFinite(value))) {
    throw invalidResponse(source, 'an embedding holds something other than finite numbers');
  }
  return vector as number[];
}

/** An `EMBEDDING_INVALID_RESPONSE` error: the server answered 2xx with a body that cannot be used. */
export function invalidResponse(source: ResponseSource, problem: string): EmbeddingProviderError {
  return new EmbeddingProviderError(
    'EMBEDDING_INVALID_RESPONSE',
    `${source.provider} answered ${source.url} with an unusable body: ${problem}.`,
    { ...source, retryable: false },
  );
}
