import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingProviderError } from './embedding-error.js';
import { createOpenAIEmbedder } from './openai-embedder.js';
import { startOpenAICompatibleServer, type OpenAICompatibleServer } from './testing.js';

// The hosted OpenAI API cannot run here: failures are injected into the package's double.
const apiKey = 'sk-test-secret-key-123';
let server: OpenAICompatibleServer;
let delays: number[];

function embedder(maxAttempts = 5) {
  return createOpenAIEmbedder({
    model: 'text-embedding-3-small',
    baseUrl: server.baseUrl,
    apiKey,
    retry: { maxAttempts, random: () => 0.5, delay: (ms) => (delays.push(ms), Promise.resolve()) },
  });
}

beforeEach(async () => {
  server = await startOpenAICompatibleServer({ apiKey });
  delays = [];
});
afterEach(() => server.close());

describe('retries against an OpenAI-compatible server', () => {
  it('when the server answers 503 twice, then the third attempt succeeds after growing backoffs', async () => {
    server.failNext(2, 503);

    const [vector] = await embedder().embed(['hello']);

    expect(vector).toHaveLength(1536);
    expect(server.requests).toHaveLength(3);
    // Equal jitter with random 0.5: three quarters of 500 ms, then of 1000 ms.
    expect(delays).toEqual([375, 750]);
  });

  it('when a 429 says Retry-After 1, then the client waits one second before retrying', async () => {
    server.failNext(1, 429, { retryAfter: 1, message: 'Rate limit reached for requests' });

    await embedder().embed(['hello']);

    expect(delays).toEqual([1000]);
    expect(server.requests).toHaveLength(2);
  });

  it('when the server keeps failing, then the client gives up after 5 attempts with the last error', async () => {
    server.failNext(10, 502);

    const error = await embedder()
      .embed(['hello'])
      .catch((error: unknown) => error);

    expect(server.requests).toHaveLength(5);
    expect(delays).toHaveLength(4);
    expect(error).toMatchObject({ code: 'EMBEDDING_FAILED', status: 502, retryable: true });
  });

  it('when the server answers 400, then nothing is retried and the error names the status and the server message', async () => {
    server.failNext(1, 400, { message: "'$.input' is invalid." });

    const error = await embedder()
      .embed(['hello'])
      .catch((error: unknown) => error);

    expect(server.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(EmbeddingProviderError);
    expect(error).toMatchObject({ code: 'EMBEDDING_FAILED', status: 400, retryable: false, provider: 'openai' });
    expect((error as Error).message).toBe(
      `openai answered ${server.baseUrl}/embeddings with HTTP 400: '$.input' is invalid.`,
    );
  });

  it('when the account is out of quota, then the 429 is not retried', async () => {
    server.failNext(1, 429, { code: 'insufficient_quota', message: 'You exceeded your current quota.' });

    await expect(embedder().embed(['hello'])).rejects.toMatchObject({
      code: 'EMBEDDING_RATE_LIMITED',
      retryable: false,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('when requests fail in any way, then the API key appears in no error, not even when the server echoes it', async () => {
    const errors: unknown[] = [];
    server.failNext(1, 400, { message: `Invalid key ${apiKey}.` });
    errors.push(
      await embedder(1)
        .embed(['a'])
        .catch((error: unknown) => error),
    );
    server.failNext(1, 503);
    errors.push(
      await embedder(1)
        .embed(['b'])
        .catch((error: unknown) => error),
    );
    const wrongKey = createOpenAIEmbedder({ model: 'text-embedding-3-small', baseUrl: server.baseUrl, apiKey: 'sk-x' });
    errors.push(await wrongKey.embed(['c']).catch((error: unknown) => error));
    await server.close();
    errors.push(
      await embedder(1)
        .embed(['d'])
        .catch((error: unknown) => error),
    );

    expect(errors.map((error) => (error as Error).message)).toEqual([
      expect.stringContaining('Invalid key ***.'),
      expect.stringContaining('HTTP 503'),
      expect.stringContaining('HTTP 401: Incorrect API key provided. Check the API key.'),
      expect.stringContaining('Cannot reach openai'),
    ]);
    for (const error of errors) expect(inspect(error, { depth: 10 })).not.toContain(apiKey);
  });

  it('when the signal aborts during a backoff, then the call rejects with the abort reason and stops retrying', async () => {
    server.failNext(5, 503);
    const controller = new AbortController();
    const aborting = createOpenAIEmbedder({
      model: 'text-embedding-3-small',
      baseUrl: server.baseUrl,
      apiKey,
      retry: { delay: () => (controller.abort(new Error('stopped by user')), Promise.resolve()) },
    });

    await expect(aborting.embed(['hello'], { signal: controller.signal })).rejects.toThrow('stopped by user');
    expect(server.requests).toHaveLength(1);
  });
});
