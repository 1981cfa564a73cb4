import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteRegistry, type Registry } from '@ragship/registry';
import { createInMemoryVectorStore } from '@ragship/vector-store/testing';
import { writeTestVersion } from '@ragship/retrieval/testing';
import { auditHistory } from './audit-history.js';

let registry: Registry;
beforeEach(() => {
  registry = createSqliteRegistry({ file: ':memory:' });
});
afterEach(() => registry.close());

describe('auditHistory', () => {
  it('when an entry was written before gates had margins, then its gates get them on reading', async () => {
    const version = await writeTestVersion(registry, createInMemoryVectorStore(), { 'a.md': 'Some text to index.' });
    await registry.moveAlias({
      environment: 'prod',
      kb: 'docs',
      expected: null,
      to: version,
      actor: 'ci',
      action: 'promote',
      details: {
        gates: [
          { metric: 'ndcg@10', rule: 'min', threshold: 0.6, value: 0.55, baseline: null, passed: false, message: '' },
          { metric: 'chunks', rule: 'maxDrop', threshold: 100, value: 900, baseline: 950, passed: true, message: '' },
        ],
      },
    });
    const [entry] = await auditHistory(registry, { kb: 'docs' });
    expect(entry).toMatchObject({ action: 'promote', environment: 'prod', from: null, to: 'v1', actor: 'ci' });
    expect(entry?.gates.map((gate) => gate.margin)).toEqual([-0.05, 50]);
  });

  it('when an entry has no gates, then its gates are empty', async () => {
    const version = await writeTestVersion(registry, createInMemoryVectorStore(), { 'a.md': 'Some text to index.' });
    await registry.moveAlias({
      environment: 'dev',
      kb: 'docs',
      expected: null,
      to: version,
      actor: 'ci',
      action: 'promote',
    });
    expect((await auditHistory(registry, {}))[0]?.gates).toEqual([]);
  });
});
