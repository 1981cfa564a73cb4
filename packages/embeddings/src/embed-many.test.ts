import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { embedMany, normalize } from './embed-many.js';
import type { Embedder } from './embedder.js';
import { createLocalEmbedder } from './local-embedder.js';
import { createOpenAIEmbedder } from './openai-embedder.js';
import { startOpenAICompatibleServer, type OpenAICompatibleServer } from './testing.js';

// The hosted OpenAI API cannot run here: concurrency is measured in the package's double.
let server: OpenAICompatibleServer;
beforeEach(async () => {
  server = await startOpenAICompatibleServer({ latencyMs: 80, dimensions: 32 });
});
afterEach(() => server.close());

function embedder(): Embedder {
  return createOpenAIEmbedder({ model: 'small', baseUrl: server.baseUrl, dimensions: 32, maxBatchSize: 10 });
}
const texts = Array.from({ length: 100 }, (_, index) => `document ${index} about topic ${index % 7}`);

describe('embedMany', () => {
  it('when concurrency is 3, then at most 3 requests are in flight and they do overlap', async () => {
    await embedMany(embedder(), texts, { concurrency: 3 });

    expect(server.requests).toHaveLength(10);
    expect(server.maxInFlight).toBe(3);
  });

  it('when concurrency is left out, then requests go one at a time', async () => {
    await embedMany(embedder(), texts.slice(0, 30));

    expect(server.maxInFlight).toBe(1);
  });

  it('when later batches finish first, then vectors keep the input order and progress reaches the total', async () => {
    const inner = createLocalEmbedder({ dimensions: 32 });
    const reversed: Embedder = {
      ...inner,
      maxBatchSize: 10,
      // The first batch is the slowest, the last the fastest.
      embed: async (batch) => (await sleep(100 - texts.indexOf(batch[0]!)), inner.embed(batch)),
    };
    const progress: number[] = [];

    const vectors = await embedMany(reversed, texts, {
      concurrency: 10,
      onProgress: (done, total) => progress.push(done / total),
    });

    expect(vectors).toEqual((await inner.embed(texts)).map(normalize));
    expect(progress).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });

  it('when one batch fails, then queued batches are not sent and the error surfaces', async () => {
    server.failNext(1, 400, { message: 'bad input' });

    await expect(embedMany(embedder(), texts, { concurrency: 2 })).rejects.toThrow(/HTTP 400: bad input/);

    expect(server.requests.length).toBeLessThanOrEqual(2);
  });

  it('when concurrency is not a positive integer, then the call is refused', async () => {
    await expect(embedMany(embedder(), texts, { concurrency: 0 })).rejects.toThrow(
      /concurrency must be a positive integer/,
    );
  });
});
