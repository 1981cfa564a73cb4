import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddingCache } from './embedding-cache.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});
function cacheFile(): string {
  const directory = mkdtempSync(join(tmpdir(), 'embedding-cache-'));
  directories.push(directory);
  return join(directory, 'nested', 'cache.db');
}

describe('embedding cache', () => {
  it('when float32 vectors are stored, then they come back bit for bit', () => {
    const cache = createEmbeddingCache({ file: ':memory:' });
    const vector = [0.1, -1 / 3, 1e-30, 3.4e38, 0].map(Math.fround);

    cache.putMany('local', [{ hash: 'a', vector }]);

    expect(cache.getMany('local', ['a']).get('a')).toEqual(vector);
    cache.close();
  });

  it('when float64 values are stored, then they come back rounded to float32', () => {
    const cache = createEmbeddingCache({ file: ':memory:' });

    cache.putMany('local', [{ hash: 'a', vector: [0.1] }]);

    expect(cache.getMany('local', ['a']).get('a')).toEqual([Math.fround(0.1)]);
    cache.close();
  });

  it('when another embedder id or an unknown hash is asked for, then it is a miss', () => {
    const cache = createEmbeddingCache({ file: ':memory:' });
    cache.putMany('openai:text-embedding-3-small', [{ hash: 'a', vector: [1, 0] }]);

    expect(cache.getMany('ollama:nomic-embed-text', ['a']).size).toBe(0);
    expect([...cache.getMany('openai:text-embedding-3-small', ['a', 'b']).keys()]).toEqual(['a']);
    cache.close();
  });

  it('when the file is closed and opened again, then the vectors are still there', () => {
    const file = cacheFile();
    const first = createEmbeddingCache({ file });
    first.putMany('local', [
      { hash: 'a', vector: [0.5, 0.25] },
      { hash: 'b', vector: [1, 0] },
    ]);
    first.close();

    const second = createEmbeddingCache({ file });

    expect(Object.fromEntries(second.getMany('local', ['a', 'b']))).toEqual({ a: [0.5, 0.25], b: [1, 0] });
    second.close();
  });

  it('when a hash is stored again, then the new vector replaces the old one', () => {
    const cache = createEmbeddingCache({ file: ':memory:' });
    cache.putMany('local', [{ hash: 'a', vector: [1, 0] }]);

    cache.putMany('local', [{ hash: 'a', vector: [0, 1, 0] }]);

    expect(cache.getMany('local', ['a']).get('a')).toEqual([0, 1, 0]);
    cache.close();
  });
});
