import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '@ragship/core';
import { createLocalEmbedder } from '@ragship/embeddings';
import { ingest } from '@ragship/ingest';
import { promoteVersion } from '@ragship/promotion';
import { createSqliteRegistry, type Registry } from '@ragship/registry';
import { DEFAULT_RETRIEVAL } from '@ragship/retrieval';
import { createInMemoryVectorStore, type InMemoryVectorStore } from '@ragship/vector-store/testing';
import { parseBaseline } from './drift-baseline.js';
import { readQuerySet } from './query-set.js';
import { recordBaseline } from './record-baseline.js';

const defaults = parseConfig({}, 'test');
let directory: string;
let registry: Registry;
let dev: InMemoryVectorStore;
let prod: InMemoryVectorStore;

beforeEach(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'ragship-baseline-'));
  writeFileSync(
    path.join(directory, 'promote.md'),
    '# Promoting\n\nTo promote a version, run ragship promote docs@v1.\n',
  );
  writeFileSync(path.join(directory, 'rollback.md'), '# Rolling back\n\nTo roll back, run ragship rollback docs.\n');
  registry = createSqliteRegistry({ file: ':memory:' });
  dev = createInMemoryVectorStore();
  prod = createInMemoryVectorStore();
  Object.assign(prod, { location: 'memory://prod' });
  await ingest({
    directory,
    kb: 'docs',
    registry,
    store: dev,
    environment: 'dev',
    embedder: createLocalEmbedder(),
    chunking: { size: 1000, overlap: 100 },
    validation: defaults.validation,
    ingest: defaults.ingest,
    pipelineVersion: 'test',
  });
});
afterEach(async () => {
  await registry.close();
  rmSync(directory, { recursive: true, force: true });
});

const queries = ['How do I promote a version?', 'How do I roll back?', 'What is the weather in Paris?'];

describe('drift baseline at promotion', () => {
  it('when a query set is given, then the baseline is measured in the target before the flip and stored for that environment', async () => {
    const file = path.join(directory, 'golden.jsonl');
    writeFileSync(file, queries.map((question) => JSON.stringify({ question })).join('\n'));
    const request = {
      querySet: await readQuerySet(file),
      embedder: createLocalEmbedder(),
      retrieval: DEFAULT_RETRIEVAL,
    };
    const stages: string[] = [];
    const result = await promoteVersion({
      registry,
      kb: 'docs',
      version: 1,
      target: { environment: 'prod', store: prod, gates: {} },
      sources: [{ environment: 'dev', open: () => Promise.resolve(dev) }],
      actor: 'alice',
      baseline: (input) => recordBaseline({ ...input, request }),
      onProgress: (progress) => {
        if (stages.at(-1) !== progress.stage) stages.push(progress.stage);
      },
    });
    expect(stages.slice(-2)).toEqual(['baseline', 'flip']);
    expect(result.baseline).toMatchObject({ source: 'queries', samples: 3, description: `3 queries of ${file}` });
    const stored = await registry.monitoring.getBaseline('docs', 1, 'prod');
    const baseline = parseBaseline(stored?.data, 'docs@v1');
    expect(baseline.querySet).toBe(result.baseline?.querySet);
    // Two questions about the docs cover their terms; the weather does not.
    expect(baseline.signals.coverage.filter((coverage) => coverage > 0.5)).toHaveLength(2);
    expect(await registry.monitoring.getBaseline('docs', 1, 'dev')).toBeUndefined();
    const [audit] = await registry.auditLog({ environment: 'prod' });
    expect(audit?.details.baseline).toEqual(result.baseline);
  });

  it('when the query file is missing, empty or malformed, then the error names it and the line', async () => {
    await expect(readQuerySet(path.join(directory, 'none.jsonl'))).rejects.toThrow(/none\.jsonl: it does not exist/);
    writeFileSync(path.join(directory, 'empty.txt'), '\n\n');
    await expect(readQuerySet(path.join(directory, 'empty.txt'))).rejects.toThrow(/empty\.txt holds no queries/);
    writeFileSync(path.join(directory, 'bad.jsonl'), '{"question":"ok?"}\n{"id":1}\n');
    await expect(readQuerySet(path.join(directory, 'bad.jsonl'))).rejects.toThrow(
      /bad\.jsonl:2 has no question, query, text field/,
    );
    writeFileSync(path.join(directory, 'plain.txt'), 'first query\n\n second query \n');
    expect((await readQuerySet(path.join(directory, 'plain.txt'))).queries).toEqual(['first query', 'second query']);
  });
});
