import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { embedAll } from './embed-all.js';
import { createEmbeddingCache } from './embedding-cache.js';
import type { Embedder } from './embedder.js';
import { createLocalEmbedder } from './local-embedder.js';
import { countingEmbedder } from './testing.js';

const texts = ['Roll back the prod alias.', 'Promote a version to staging.', 'Chunk overlap is in characters.'];
const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('embedAll', () => {
  it('when the same texts are embedded twice with a cache, then the second run makes zero calls and returns identical vectors', async () => {
    const embedder = countingEmbedder(createLocalEmbedder());
    const cache = createEmbeddingCache({ file: ':memory:' });
    const first = await embedAll(embedder, texts, { cache });
    embedder.reset();

    const second = await embedAll(embedder, texts, { cache });

    expect(embedder.calls).toBe(0);
    expect(second).toEqual({ vectors: first.vectors, embedded: 0, cached: 3 });
    expect(first).toMatchObject({ embedded: 3, cached: 0 });
    cache.close();
  });

  it('when some texts are cached, then only the others are sent and progress counts both', async () => {
    const embedder = countingEmbedder(createLocalEmbedder());
    const cache = createEmbeddingCache({ file: ':memory:' });
    await embedAll(embedder, texts.slice(0, 2), { cache });
    embedder.reset();
    const progress: [number, number][] = [];

    const result = await embedAll(embedder, texts, {
      cache,
      onProgress: (done, total) => progress.push([done, total]),
    });

    expect(embedder.texts).toBe(1);
    expect(result).toMatchObject({ embedded: 1, cached: 2 });
    expect(progress).toEqual([
      [2, 3],
      [3, 3],
    ]);
    cache.close();
  });

  it('when the embedder id differs, then cached vectors of the other embedder are not used', async () => {
    const cache = createEmbeddingCache({ file: ':memory:' });
    await embedAll(createLocalEmbedder(), texts, { cache });
    const other = countingEmbedder({ ...createLocalEmbedder(), id: 'openai:text-embedding-3-small' });

    const result = await embedAll(other, texts, { cache });

    expect(other.texts).toBe(3);
    expect(result).toMatchObject({ embedded: 3, cached: 0 });
    cache.close();
  });

  it('when the embedder now returns a different vector length under the same id, then old entries are misses', async () => {
    const cache = createEmbeddingCache({ file: ':memory:' });
    await embedAll(createLocalEmbedder({ dimensions: 64 }), texts, { cache });
    const longer = countingEmbedder(createLocalEmbedder({ dimensions: 128 }));

    const result = await embedAll(longer, texts, { cache });

    expect(longer.texts).toBe(3);
    expect(result.vectors.every((vector) => vector.length === 128)).toBe(true);
    cache.close();
  });

  it('when the cache file is reopened by a later run, then nothing is embedded again', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'embed-all-'));
    directories.push(directory);
    const file = join(directory, 'cache.db');
    const firstCache = createEmbeddingCache({ file });
    const first = await embedAll(createLocalEmbedder(), texts, { cache: firstCache });
    firstCache.close();
    const embedder = countingEmbedder(createLocalEmbedder());
    const secondCache = createEmbeddingCache({ file });

    const second = await embedAll(embedder, texts, { cache: secondCache });

    expect(embedder.calls).toBe(0);
    expect(second.vectors).toEqual(first.vectors);
    secondCache.close();
  });

  it('when no cache is given, then every text is embedded and vectors are float32 unit vectors', async () => {
    const embedder = countingEmbedder(createLocalEmbedder());

    const result = await embedAll(embedder, texts);

    expect(result).toMatchObject({ embedded: 3, cached: 0 });
    for (const vector of result.vectors) {
      expect(vector.every((value) => Math.fround(value) === value)).toBe(true);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
  });

  it('when a batch fails, then the batches already done stay cached for the next run', async () => {
    const cache = createEmbeddingCache({ file: ':memory:' });
    const inner = createLocalEmbedder();
    let calls = 0;
    const flaky: Embedder = {
      ...inner,
      maxBatchSize: 1,
      embed: (batch) => (++calls === 3 ? Promise.reject(new Error('provider down')) : inner.embed(batch)),
    };
    await expect(embedAll(flaky, texts, { cache })).rejects.toThrow('provider down');
    const embedder = countingEmbedder(inner);

    const result = await embedAll(embedder, texts, { cache });

    expect(result).toMatchObject({ embedded: 1, cached: 2 });
    cache.close();
  });
});
