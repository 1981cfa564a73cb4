import { RagshipError, StoreUnavailableError, errorMessage } from '@ragship/core';

/** A Pinecone client failure as ragship's error: unreachable, a refused key, or what Pinecone said. */
export function toStoreError(location: string, action: string, error: unknown): RagshipError {
  if (error instanceof RagshipError) return error;
  const name = error instanceof Error ? error.name : '';
  if (
    ['PineconeConnectionError', 'PineconeUnavailableError', 'PineconeMaxRetriesExceededError'].includes(name) ||
    /ETIMEDOUT|ECONNREFUSED|ECONNRESET|fetch failed/i.test(errorMessage(error))
  ) {
    return new StoreUnavailableError(`Pinecone at ${location} is unreachable (could not ${action}).`, { cause: error });
  }
  if (name === 'PineconeAuthorizationError') {
    return new RagshipError(
      'STORE_ERROR',
      `Pinecone at ${location} refused the API key (PINECONE_API_KEY) to ${action}.`,
      {
        cause: error,
      },
    );
  }
  return new RagshipError('STORE_ERROR', `Pinecone at ${location} failed to ${action}: ${errorMessage(error)}`, {
    cause: error,
  });
}
