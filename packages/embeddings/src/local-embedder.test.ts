import { describe, expect, it } from 'vitest';
import { createLocalEmbedder } from './local-embedder.js';
import { embedMany } from './embed-many.js';
import { createEmbedder } from './embedder-registry.js';

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);
}

describe('local embedder', () => {
  it('when the same text is embedded twice, then the vectors are identical and unit length', async () => {
    const embedder = createLocalEmbedder();
    const [first, second] = await embedder.embed(['Roll back the prod alias.', 'Roll back the prod alias.']);
    expect(first).toEqual(second);
    expect(first).toHaveLength(384);
    expect(Math.hypot(...(first ?? []))).toBeCloseTo(1, 6);
  });

  it('when a query shares terms with one text and not another, then it is closer to the first', async () => {
    const embedder = createLocalEmbedder();
    const [query, related, unrelated] = await embedder.embed([
      'How do I roll back an index?',
      'To roll back an index, run ragship rollback docs --env prod.',
      'Chunk size and overlap are configured in characters.',
    ]);
    expect(cosine(query!, related!)).toBeGreaterThan(cosine(query!, unrelated!) + 0.2);
  });

  it('when texts exceed the batch size, then embedMany splits them and keeps the order', async () => {
    const inner = createLocalEmbedder({ dimensions: 16 });
    const batches: number[] = [];
    const embedder = {
      ...inner,
      maxBatchSize: 2,
      embed: (texts: readonly string[]) => (batches.push(texts.length), inner.embed(texts)),
    };
    const texts = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    const vectors = await embedMany(embedder, texts);
    expect(batches).toEqual([2, 2, 1]);
    expect(vectors).toEqual(await inner.embed(texts));
  });

  it('when an unknown provider is asked for, then the error lists the available ones', () => {
    expect(() => createEmbedder('nope:model')).toThrow(/Unknown embedder "nope:model". Available: local/);
  });
});
